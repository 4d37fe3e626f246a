package io.github.replicarouting.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * How to reach the primary, and where that was configured. {@code replica-routing.primary.*} when
 * its URL is set; otherwise Spring Boot's own precedence for its data source: a
 * {@link JdbcConnectionDetails} bean (registered by {@code @ServiceConnection} or Docker Compose
 * support) wins over {@code spring.datasource.*}.
 *
 * @param url the JDBC URL, or {@code null} when none is set
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}
 * @param driverClassName the driver, or {@code null} to detect it from the URL
 * @param source where it was configured
 */
record PrimaryConnection(@Nullable String url, @Nullable String username, @Nullable String password,
		@Nullable String driverClassName, Source source) {

	static PrimaryConnection resolve(ReplicaRoutingProperties.Primary primary,
			@Nullable JdbcConnectionDetails connectionDetails, DataSourceProperties dataSource) {
		if (primary.getUrl() != null) {
			return new PrimaryConnection(primary.getUrl(), primary.getUsername(), primary.getPassword(),
					primary.getDriverClassName(), Source.REPLICA_ROUTING);
		}
		if (connectionDetails != null) {
			return new PrimaryConnection(connectionDetails.getJdbcUrl(), connectionDetails.getUsername(),
					connectionDetails.getPassword(), driverClassName(connectionDetails), Source.CONNECTION_DETAILS);
		}
		return new PrimaryConnection(dataSource.getUrl(), dataSource.getUsername(), dataSource.getPassword(),
				dataSource.getDriverClassName(), Source.SPRING_DATASOURCE);
	}

	// Its default derives the driver from the URL and fails for a URL Spring Boot does not know;
	// then the driver that accepts the URL is found as for any other target.
	private static @Nullable String driverClassName(JdbcConnectionDetails connectionDetails) {
		try {
			return connectionDetails.getDriverClassName();
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	/**
	 * Where the primary was configured.
	 */
	enum Source {

		/** {@code replica-routing.primary.*}. */
		REPLICA_ROUTING,

		/** A {@link JdbcConnectionDetails} bean. */
		CONNECTION_DETAILS,

		/** {@code spring.datasource.*}. */
		SPRING_DATASOURCE

	}

}
