package io.github.replicarouting.actuate;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.jspecify.annotations.Nullable;

import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.health.Failover;
import io.github.replicarouting.health.PrimaryHealth;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * What health and the endpoint show of a target: never a password, and the URL without
 * credentials.
 */
final class TargetDetails {

	private TargetDetails() {
	}

	static Map<String, Object> primary(PrimaryHealth health) {
		RoutingTarget primary = health.target();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", health.state().name());
		pool(primary, details);
		details.put("url", primary.url());
		return details;
	}

	static Map<String, Object> replica(ReplicaHealth health) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", health.state().name());
		long lag = health.lagMillis();
		details.put("lag", (lag < 0) ? "unknown" : (lag == Long.MAX_VALUE) ? "unbounded" : lag + "ms");
		if (health.lagBytes() >= 0) {
			details.put("lagBytes", health.lagBytes());
		}
		long migration = health.migrationBarrier();
		if (migration >= 0) {
			details.put("awaitingMigration", "has not replayed the schema migration of startup (position " + migration
					+ ")");
		}
		details.put("failureRate", health.breaker().getMetrics().getFailureRate());
		details.put("circuitBreaker", health.breaker().getState().name());
		pool(health.target(), details);
		details.put("url", health.target().url());
		return details;
	}

	/**
	 * Follow mode: which node takes writes, each node's state as a writer, the split brain if
	 * any, and the last failover.
	 */
	static Map<String, Object> failover(Failover failover) {
		Map<String, Object> details = new LinkedHashMap<>();
		List<String> splitBrain = failover.splitBrain();
		details.put("state", splitBrain.isEmpty() ? "FOLLOWING" : "SPLIT_BRAIN");
		details.put("writer", failover.currentWriter().target().name());
		if (!splitBrain.isEmpty()) {
			details.put("splitBrain", splitBrain);
		}
		Map<String, Object> nodes = new LinkedHashMap<>();
		failover.nodes().forEach((name, health) -> nodes.put(name, health.state().name()));
		details.put("nodes", nodes);
		details.put("failovers", failover.failovers());
		Failover.FailoverEvent last = failover.lastFailover();
		if (last != null) {
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("from", last.from());
			event.put("to", last.to());
			event.put("at", last.at().toString());
			event.put("writesPossiblyLost", (last.writesPossiblyLost() < 0) ? "unknown" : last.writesPossiblyLost());
			event.put("writesAcknowledgedAfter", last.writesAcknowledgedAfter());
			event.put("lostWrites", last.exact() ? "exact" : "bounds");
			details.put("last", event);
		}
		return details;
	}

	static Map<String, Object> replicas(ReplicaMonitor monitor) {
		Map<String, Object> replicas = new LinkedHashMap<>();
		for (ReplicaHealth replica : monitor.replicas()) {
			replicas.put(replica.target().name(), replica(replica));
		}
		return replicas;
	}

	/** The target's pool if it is HikariCP's. */
	static @Nullable HikariDataSource hikari(RoutingTarget target) {
		try {
			return target.isWrapperFor(HikariDataSource.class) ? target.unwrap(HikariDataSource.class) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

	private static void pool(RoutingTarget target, Map<String, Object> details) {
		HikariDataSource pool = hikari(target);
		if (pool != null) {
			HikariPoolMXBean bean = pool.getHikariPoolMXBean();
			details.put("active", (bean != null) ? bean.getActiveConnections() : 0);
			details.put("idle", (bean != null) ? bean.getIdleConnections() : 0);
		}
		details.put("inFlight", target.inFlight());
	}

}
