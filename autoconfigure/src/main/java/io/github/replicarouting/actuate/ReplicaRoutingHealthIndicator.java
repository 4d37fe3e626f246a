package io.github.replicarouting.actuate;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.github.replicarouting.health.PrimaryState;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * Health of replica routing: {@code DOWN} only when the primary is down (in
 * {@code failover.mode: follow}, the node that takes writes), since reads fall back to it and
 * writes need it; otherwise {@code UP}, with each replica's state, lag, failure rate and
 * pool in the details. A sick replica never takes the application down. Everything comes from
 * what the probes last found: a health check never takes a connection, so it answers at once
 * even when the primary's pool is saturated or the primary hangs.
 */
public class ReplicaRoutingHealthIndicator extends AbstractHealthIndicator {

	private final ReplicaMonitor monitor;

	/**
	 * Create the indicator.
	 * @param monitor the replicas' health
	 */
	public ReplicaRoutingHealthIndicator(ReplicaMonitor monitor) {
		super("Replica routing health check failed");
		this.monitor = monitor;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PrimaryState writer = this.monitor.writer().state();
		builder.status((writer == PrimaryState.DOWN) ? "DOWN" : "UP");
		builder.withDetail("primary", TargetDetails.primary(this.monitor.primary()));
		builder.withDetail("replicas", TargetDetails.replicas(this.monitor));
		this.monitor.failover().ifPresent((failover) -> builder.withDetail("failover", TargetDetails.failover(failover)));
	}

}
