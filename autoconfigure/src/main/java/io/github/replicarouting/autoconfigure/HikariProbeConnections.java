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
 * probe never waits for, or takes, a connection the application needs.
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
		if (pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
			// A connect to an unreachable host must give up within the probe timeout.
			String seconds = String.valueOf(Math.max(1, (this.timeout.toMillis() + 999) / 1000));
			properties.putIfAbsent("connectTimeout", seconds);
			properties.putIfAbsent("loginTimeout", seconds);
		}
		return new DriverDataSource(pool.getJdbcUrl(), pool.getDriverClassName(), properties, pool.getUsername(),
				pool.getPassword())
			.getConnection();
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
