package io.github.replicarouting.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.health.Failover;
import io.github.replicarouting.health.PrimaryHealth;
import io.github.replicarouting.health.PrimaryState;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * Micrometer metrics of replica routing: {@code replica.routing.routes} (tags {@code target},
 * {@code reason}), {@code replica.routing.replica.lag} and {@code replica.routing.replica.available}
 * (tag {@code replica}), {@code replica.routing.readonly.candidates} (tag {@code transaction}):
 * named read-write transactions that ended without writing, {@code replica.routing.primary.state}
 * (tags {@code target} and {@code state}: 1 for the state the primary's probe last found, 0 for
 * the others; in {@code failover.mode: follow}, one per node) and
 * {@code replica.routing.failovers}. All are read from state the router keeps anyway, so they add
 * nothing to the routing path.
 */
public class ReplicaRoutingMetrics implements MeterBinder {

	private final ReplicaMonitor monitor;

	private final RoutingStatistics statistics;

	private final Tags tags;

	/**
	 * Create the metrics.
	 * @param monitor the replicas' health
	 * @param statistics the routing counts
	 */
	public ReplicaRoutingMetrics(ReplicaMonitor monitor, RoutingStatistics statistics) {
		this(monitor, statistics, Tags.empty());
	}

	/**
	 * Create the metrics of one group among several, every meter with {@code tags} (a shard's
	 * {@code shard=<name>}).
	 * @param monitor the group's health
	 * @param statistics the group's routing counts
	 * @param tags the tags of every meter
	 */
	public ReplicaRoutingMetrics(ReplicaMonitor monitor, RoutingStatistics statistics, Iterable<Tag> tags) {
		this.monitor = monitor;
		this.statistics = statistics;
		this.tags = Tags.of(tags);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		bindRoutes(registry);
		bindPrimaries(registry);
		bindReplicas(registry);
		bindReadOnlyCandidates(registry);
	}

	private void bindRoutes(MeterRegistry registry) {
		List<RoutingTarget> targets = new ArrayList<>();
		targets.add(this.monitor.primary().target());
		this.monitor.replicas().forEach((replica) -> targets.add(replica.target()));
		for (RoutingTarget target : targets) {
			for (RoutingReason reason : RoutingReason.values()) {
				if (!canServe(target, reason)) {
					continue;
				}
				FunctionCounter.builder("replica.routing.routes", this.statistics, (stats) -> stats.count(target.name(), reason))
					.description("Connections routed, by target and reason")
					.tag("target", target.name())
					.tag("reason", reason.tag())
					.tags(this.tags)
					.register(registry);
			}
		}
	}

	private void bindPrimaries(MeterRegistry registry) {
		Optional<Failover> failover = this.monitor.failover();
		if (failover.isPresent()) {
			failover.get().nodes().values().forEach((node) -> bindPrimaryState(registry, node));
		}
		else {
			bindPrimaryState(registry, this.monitor.primary());
		}
		// Also without failover.mode: follow (always 0 then), so that alerts on it work in every mode.
		FunctionCounter.builder("replica.routing.failovers", failover, (each) -> each.map(Failover::failovers).orElse(0L))
			.description("Times writes moved to another node (failover.mode: follow; 0 otherwise)")
			.tags(this.tags)
			.register(registry);
	}

	private void bindReplicas(MeterRegistry registry) {
		for (ReplicaHealth replica : this.monitor.replicas()) {
			TimeGauge.builder("replica.routing.replica.lag", replica, TimeUnit.MILLISECONDS, ReplicaRoutingMetrics::lag)
				.description("Replication lag measured by the last probe")
				.tag("replica", replica.target().name())
				.tags(this.tags)
				.register(registry);
			Gauge.builder("replica.routing.replica.available", replica, (health) -> health.isCandidate() ? 1 : 0)
				.description("Whether the replica serves reads (1) or not (0)")
				.tag("replica", replica.target().name())
				.tags(this.tags)
				.register(registry);
		}
	}

	private void bindReadOnlyCandidates(MeterRegistry registry) {
		this.statistics.eachTransactionName((name) -> FunctionCounter
			.builder("replica.routing.readonly.candidates", this.statistics,
					(stats) -> stats.readWriteTransactionsWithoutWrites(name))
			.description("Read-write transactions that ended without writing: candidates for readOnly = true")
			.tag("transaction", name)
			.tags(this.tags)
			.register(registry));
	}

	private void bindPrimaryState(MeterRegistry registry, PrimaryHealth primary) {
		for (PrimaryState state : PrimaryState.values()) {
			Gauge.builder("replica.routing.primary.state", primary, (health) -> (health.state() == state) ? 1 : 0)
				.description("Whether the primary is in this state (1) or not (0), as its probe last found it")
				.tag("target", primary.target().name())
				.tag("state", state.name())
				.tags(this.tags)
				.register(registry);
		}
	}

	/**
	 * Replicas serve only reads that are not bound to the primary, {@code @ReadYourWrites} reads
	 * among them (where a replica has the scope's writes): no series for the rest.
	 */
	private boolean canServe(RoutingTarget target, RoutingReason reason) {
		boolean replicaReason = reason == RoutingReason.READ_ONLY || reason == RoutingReason.NON_TRANSACTIONAL
				|| reason == RoutingReason.READ_YOUR_WRITES;
		if (this.monitor.failover().isPresent()) {
			// Every node may take writes, and serve reads.
			return true;
		}
		boolean primary = target == this.monitor.primary().target();
		return primary ? reason != RoutingReason.READ_ONLY : replicaReason;
	}

	private static double lag(ReplicaHealth health) {
		long lag = health.lagMillis();
		return (lag < 0) ? Double.NaN : (lag == Long.MAX_VALUE) ? Double.POSITIVE_INFINITY : lag;
	}

}
