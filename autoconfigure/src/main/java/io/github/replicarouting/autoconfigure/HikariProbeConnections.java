package io.github.replicarouting.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.util.DriverDataSource;

import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.health.ReplicaMonitor.ProbeConnections;

/**
 * Probe connections opened with the pool's own driver settings but outside the pool, so that a
 * probe never waits for, or takes, a connection the application needs, with the driver's
 * timeouts set to the probe timeout.
 */
final class HikariProbeConnections implements ProbeConnections {

	private final Duration timeout;

	HikariProbeConnections(Duration timeout) {
		this.timeout = timeout;
	}

	@Override
	public Connection open(RoutingTarget target) throws SQLException {
		if (!(target.dataSource() instanceof HikariDataSource pool)) {
			return target.dataSource().getConnection();
		}
		Properties properties = new Properties();
		properties.putAll(pool.getDataSourceProperties());
		properties.putAll(timeouts(pool.getJdbcUrl()));
		return new DriverDataSource(pool.getJdbcUrl(), pool.getDriverClassName(), properties, pool.getUsername(),
				pool.getPassword())
			.getConnection();
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
		if (target.dataSource() instanceof HikariDataSource pool) {
			HikariPoolMXBean bean = pool.getHikariPoolMXBean();
			if (bean != null) {
				bean.softEvictConnections();
			}
		}
	}

}
