package io.github.replicarouting.autoconfigure;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.github.replicarouting.JdbcUrls;
import io.github.replicarouting.RoutingTarget;

/**
 * Builds one HikariCP pool per target, named {@code replica-routing-<target>}. Pools start on
 * their first connection, as Spring Boot's own do, so that a replica that is down does not stop
 * the application from starting.
 */
final class TargetPools {

	static final long REPLICA_CONNECTION_TIMEOUT_MILLIS = 5000;

	static final String READ_ONLY_SESSION_SQL = "SET SESSION TRANSACTION READ ONLY";

	private TargetPools() {
	}

	/**
	 * Build a target's pool.
	 * @param name the target name
	 * @param keyPrefix where the target is configured, for error messages
	 * @param url the JDBC URL
	 * @param username the user name, or {@code null}
	 * @param password the password, or {@code null}
	 * @param driverClassName the driver, or {@code null} to detect it from the URL
	 * @param hikari the target's HikariCP settings
	 * @param weight the replica weight (1 for the primary)
	 * @param mayTakeWrites whether a replica may take writes once promoted
	 * ({@code failover.mode: follow}): its pool is then read-write, each read-only route made
	 * read-only on its own
	 * @return the target
	 */
	static RoutingTarget create(String name, String keyPrefix, String url, @Nullable String username,
			@Nullable String password, @Nullable String driverClassName, Map<String, String> hikari,
			int weight, boolean mayTakeWrites) {
		return create(name, "replica-routing-" + name, keyPrefix, url, username, password, driverClassName, hikari,
				weight, mayTakeWrites);
	}

	/**
	 * Build a target's pool under the given pool name ({@code replica-routing-<shard>-<target>}
	 * for a shard's targets, whose names repeat across shards).
	 */
	static RoutingTarget create(String name, String poolName, String keyPrefix, String url, @Nullable String username,
			@Nullable String password, @Nullable String driverClassName, Map<String, String> hikari,
			int weight, boolean mayTakeWrites) {
		HikariConfig config = new HikariConfig();
		if (!"primary".equals(name)) {
			// A replica's connections are read-only unless the application says otherwise, and a
			// replica that cannot give a connection soon is better skipped for the next one than
			// waited for as long as the primary would be.
			config.setReadOnly(!mayTakeWrites);
			config.setConnectionTimeout(REPLICA_CONNECTION_TIMEOUT_MILLIS);
		}
		bind(config, hikari, keyPrefix + ".hikari");
		if (mayTakeWrites && config.isReadOnly()) {
			throw new InvalidReplicaRoutingConfigurationException(keyPrefix + ".hikari.read-only",
					"the pool is read-only, but with replica-routing.failover.mode=follow the node may take writes "
							+ "once promoted",
					"Remove " + keyPrefix + ".hikari.read-only: read-only routes are made read-only on their own.");
		}
		boolean readOnlySessions = !"primary".equals(name) && readOnlySessions(config, url);
		config.setPoolName(poolName);
		config.setJdbcUrl(url);
		config.setUsername(username);
		config.setPassword(password);
		if (driverClassName != null) {
			loadDriver(config, driverClassName, keyPrefix);
		}
		else {
			checkSomeDriverAccepts(url, keyPrefix);
		}
		HikariDataSource dataSource = new HikariDataSource();
		config.copyStateTo(dataSource);
		return new RoutingTarget(name, dataSource, url, weight, readOnlySessions);
	}

	/**
	 * A MySQL or MariaDB replica's connections are made read-only at the server once, when the
	 * pool opens them, rather than at each transaction: MariaDB Connector/J's
	 * {@code setReadOnly(true)} sends nothing, and {@code read_only} does not stop a privileged
	 * user. Not when the application set its own {@code connection-init-sql} or turned the pool's
	 * {@code read-only} off; each read-only route then makes itself read-only.
	 */
	private static boolean readOnlySessions(HikariConfig config, String url) {
		if (!(url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) || !config.isReadOnly()
				|| config.getConnectionInitSql() != null) {
			return false;
		}
		config.setConnectionInitSql(READ_ONLY_SESSION_SQL);
		return true;
	}

	private static void loadDriver(HikariConfig config, String driverClassName, String keyPrefix) {
		try {
			config.setDriverClassName(driverClassName);
		}
		catch (RuntimeException ex) {
			throw new InvalidReplicaRoutingConfigurationException(keyPrefix + ".driver-class-name",
					"the JDBC driver class '" + driverClassName + "' cannot be loaded",
					"Add the database's JDBC driver to the application's dependencies, or correct the class name.");
		}
	}

	// A mistyped URL would otherwise surface only later, as a replica that never answers.
	private static void checkSomeDriverAccepts(String url, String keyPrefix) {
		try {
			DriverManager.getDriver(url);
		}
		catch (SQLException ex) {
			throw new InvalidReplicaRoutingConfigurationException(keyPrefix + ".url",
					"no JDBC driver accepts the URL '" + JdbcUrls.reduce(url) + "'",
					"Check that the URL is a JDBC URL (jdbc:<database>://...) and that the database's JDBC driver "
							+ "is a dependency of the application.");
		}
	}

	private static void bind(HikariConfig config, Map<String, String> settings, String key) {
		if (settings.isEmpty()) {
			return;
		}
		try {
			new Binder(new MapConfigurationPropertySource(settings)).bind(ConfigurationPropertyName.EMPTY,
					Bindable.ofInstance(config));
		}
		catch (BindException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			String property = (ex.getProperty() != null) ? "." + ex.getProperty().getName() : "";
			throw new InvalidReplicaRoutingConfigurationException(key + property,
					"the HikariCP setting cannot be applied: " + cause.getMessage(),
					"Use a HikariCP property name and value as for spring.datasource.hikari.*, "
							+ "for example maximum-pool-size: 10.");
		}
	}

}
