package io.github.replicarouting.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * Micrometer metrics of replica routing: {@code replica.routing.routes} (tags {@code target},
 * {@code reason}), {@code replica.routing.replica.lag} and {@code replica.routing.replica.available}
 * (tag {@code replica}), and HikariCP's pool metrics for every target's pool. All are read from
 * state the router keeps anyway, so they add nothing to the routing path.
 */
public class ReplicaRoutingMetrics implements MeterBinder {

	private static final Log logger = LogFactory.getLog(ReplicaRoutingMetrics.class);

	private final ReplicaMonitor monitor;

	private final RoutingStatistics statistics;

	/**
	 * Create the metrics.
	 * @param monitor the replicas' health
	 * @param statistics the routing counts
	 */
	public ReplicaRoutingMetrics(ReplicaMonitor monitor, RoutingStatistics statistics) {
		this.monitor = monitor;
		this.statistics = statistics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		List<RoutingTarget> targets = new ArrayList<>();
		targets.add(this.monitor.dataSource().getPrimary());
		targets.addAll(this.monitor.dataSource().getReplicas());
		for (RoutingTarget target : targets) {
			for (RoutingReason reason : RoutingReason.values()) {
				FunctionCounter.builder("replica.routing.routes", this.statistics, (stats) -> stats.count(target.name(), reason))
					.description("Connections routed, by target and reason")
					.tag("target", target.name())
					.tag("reason", reason.tag())
					.register(registry);
			}
			poolMetrics(target, registry);
		}
		for (ReplicaHealth replica : this.monitor.replicas()) {
			TimeGauge.builder("replica.routing.replica.lag", replica, TimeUnit.MILLISECONDS, ReplicaRoutingMetrics::lag)
				.description("Replication lag measured by the last probe")
				.tag("replica", replica.target().name())
				.register(registry);
			Gauge.builder("replica.routing.replica.available", replica, (health) -> health.isCandidate() ? 1 : 0)
				.description("Whether the replica serves reads (1) or not (0)")
				.tag("replica", replica.target().name())
				.register(registry);
		}
	}

	private static double lag(ReplicaHealth health) {
		long lag = health.lagMillis();
		return (lag < 0) ? Double.NaN : (lag == Long.MAX_VALUE) ? Double.POSITIVE_INFINITY : lag;
	}

	private static void poolMetrics(RoutingTarget target, MeterRegistry registry) {
		if (target.dataSource() instanceof HikariDataSource pool && pool.getMetricRegistry() == null) {
			try {
				pool.setMetricRegistry(registry);
			}
			catch (IllegalStateException ex) {
				logger.debug(target.name() + " - pool metrics not bound: " + ex.getMessage());
			}
		}
	}

}
