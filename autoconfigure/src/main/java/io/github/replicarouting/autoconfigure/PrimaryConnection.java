package io.github.replicarouting.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

/**
 * How to reach the primary, and where that was configured: {@code replica-routing.primary.*} when
 * its URL is set, otherwise {@code spring.datasource.*}.
 *
 * @param url the JDBC URL, or {@code null} when none is set
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}
 * @param driverClassName the driver, or {@code null} to detect it from the URL
 * @param source where it was configured
 */
record PrimaryConnection(@Nullable String url, @Nullable String username, @Nullable String password,
		@Nullable String driverClassName, Source source) {

	static PrimaryConnection resolve(ReplicaRoutingProperties.Primary primary, DataSourceProperties dataSource) {
		if (primary.getUrl() != null) {
			return new PrimaryConnection(primary.getUrl(), primary.getUsername(), primary.getPassword(),
					primary.getDriverClassName(), Source.REPLICA_ROUTING);
		}
		return new PrimaryConnection(dataSource.getUrl(), dataSource.getUsername(), dataSource.getPassword(),
				dataSource.getDriverClassName(), Source.SPRING_DATASOURCE);
	}

	/**
	 * Where the primary was configured.
	 */
	enum Source {

		/** {@code replica-routing.primary.*}. */
		REPLICA_ROUTING,

		/** {@code spring.datasource.*}. */
		SPRING_DATASOURCE

	}

}
