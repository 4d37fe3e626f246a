package io.github.replicarouting.autoconfigure;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.util.ClassUtils;

import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.health.ReplicaMonitor.ProbeConnections;

/**
 * Probe connections opened with the pool's own driver settings but outside the pool, so that a
 * probe never waits for, or takes, a connection the application needs, with the driver's
 * timeouts set to the probe timeout. Opened through JDBC's own {@link Driver}, as the pool opens
 * its connections from its URL.
 */
final class HikariProbeConnections implements ProbeConnections {

	private final Duration timeout;

	HikariProbeConnections(Duration timeout) {
		this.timeout = timeout;
	}

	@Override
	public Connection open(RoutingTarget target) throws SQLException {
		HikariDataSource pool = hikari(target);
		if (pool == null || pool.getJdbcUrl() == null) {
			return target.unwrap(DataSource.class).getConnection();
		}
		String url = pool.getJdbcUrl();
		Properties properties = new Properties();
		properties.putAll(pool.getDataSourceProperties());
		if (pool.getUsername() != null) {
			properties.setProperty("user", pool.getUsername());
		}
		if (pool.getPassword() != null) {
			properties.setProperty("password", pool.getPassword());
		}
		properties.putAll(timeouts(url));
		Connection connection = driver(url, pool.getDriverClassName()).connect(url, properties);
		if (connection == null) {
			throw new SQLException(target.name() + " - its JDBC driver does not accept its URL " + target.url(),
					"08001");
		}
		return connection;
	}

	/**
	 * The driver the pool connects with: the one of its driver class, else the one
	 * {@link DriverManager} finds for the URL.
	 */
	private static Driver driver(String url, @Nullable String driverClassName) throws SQLException {
		if (driverClassName == null) {
			return DriverManager.getDriver(url);
		}
		for (Driver driver : Collections.list(DriverManager.getDrivers())) {
			if (driver.getClass().getName().equals(driverClassName)) {
				return driver;
			}
		}
		try {
			Class<?> type = ClassUtils.forName(driverClassName, HikariProbeConnections.class.getClassLoader());
			return (Driver) BeanUtils.instantiateClass(type);
		}
		catch (ClassNotFoundException | LinkageError | RuntimeException ex) {
			throw new SQLException("The JDBC driver class " + driverClassName + " cannot be loaded", "08001", ex);
		}
	}

	private static @Nullable HikariDataSource hikari(RoutingTarget target) throws SQLException {
		return target.isWrapperFor(HikariDataSource.class) ? target.unwrap(HikariDataSource.class) : null;
	}

	/**
	 * The driver settings that make connecting to a target that does not answer (unreachable, or
	 * accepting connections and then silent) give up within the probe timeout, for the drivers
	 * known to have them, whatever the application's pool uses. Not left to
	 * {@code DriverManager}'s login timeout, which is one setting for the whole JVM and which each
	 * HikariCP pool overwrites with its own connection timeout as it starts.
	 */
	Properties timeouts(String jdbcUrl) {
		Properties timeouts = new Properties();
		long millis = Math.max(1000, this.timeout.toMillis());
		String seconds = String.valueOf((millis + 999) / 1000);
		if (jdbcUrl.startsWith("jdbc:postgresql:")) {
			// pgjdbc, in seconds: the TCP connect, the whole login, and every read meanwhile, so
			// that a login that hangs leaves no thread behind when loginTimeout gives up on it.
			timeouts.setProperty("connectTimeout", seconds);
			timeouts.setProperty("loginTimeout", seconds);
			timeouts.setProperty("socketTimeout", seconds);
		}
		else if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
			// MariaDB Connector/J and MySQL Connector/J, in milliseconds: connectTimeout bounds the
			// TCP connect (and MariaDB's handshake), socketTimeout every read of the handshake.
			timeouts.setProperty("connectTimeout", String.valueOf(millis));
			timeouts.setProperty("socketTimeout", String.valueOf(millis));
		}
		return timeouts;
	}

	@Override
	public void evictIdle(RoutingTarget target) {
		try {
			HikariDataSource pool = hikari(target);
			HikariPoolMXBean bean = (pool != null) ? pool.getHikariPoolMXBean() : null;
			if (bean != null) {
				bean.softEvictConnections();
			}
		}
		catch (SQLException ex) {
			// Not a pool this library knows: nothing to evict.
		}
	}

}
