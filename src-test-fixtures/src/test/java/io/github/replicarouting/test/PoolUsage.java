package io.github.replicarouting.test;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingTarget;

/**
 * What each target of a routing data source has lent out and not had back, by two independent
 * counts: HikariCP's active connections ({@link HikariPoolMXBean}) and the router's in-flight
 * count ({@link RoutingTarget#inFlight()}). Both are 0 for every target once no work runs.
 */
public final class PoolUsage {

	private PoolUsage() {
	}

	/**
	 * Active connections and in-flight count of every target, by target name.
	 * @param dataSource the routing data source
	 * @return {@code "<active>/<inFlight>"} by target name, primary first
	 */
	public static Map<String, String> of(ReplicaRoutingDataSource dataSource) {
		Map<String, String> usage = new LinkedHashMap<>();
		usage.put(dataSource.getPrimary().name(), describe(dataSource.getPrimary()));
		dataSource.getReplicas().forEach((replica) -> usage.put(replica.name(), describe(replica)));
		return usage;
	}

	/**
	 * What {@link #of} reports when nothing is lent out.
	 * @param dataSource the routing data source
	 * @return {@code "0/0"} by target name
	 */
	public static Map<String, String> idle(ReplicaRoutingDataSource dataSource) {
		Map<String, String> usage = new LinkedHashMap<>();
		of(dataSource).keySet().forEach((name) -> usage.put(name, "0/0"));
		return usage;
	}

	private static String describe(RoutingTarget target) {
		return active(target) + "/" + target.inFlight();
	}

	private static int active(RoutingTarget target) {
		HikariPoolMXBean pool;
		try {
			pool = target.unwrap(HikariDataSource.class).getHikariPoolMXBean();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		// A pool starts on its first connection: one that has not started has lent nothing.
		return (pool != null) ? pool.getActiveConnections() : 0;
	}

}
