package io.github.replicarouting.actuate;

import java.sql.Connection;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * Health of replica routing: {@code DOWN} only when the primary is down, since reads fall back to
 * it and writes need it; otherwise {@code UP}, with each replica's state, lag, failure rate and
 * pool in the details. A sick replica never takes the application down.
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
		RoutingTarget primary = this.monitor.dataSource().getPrimary();
		boolean primaryUp = isValid(primary);
		builder.status(primaryUp ? "UP" : "DOWN");
		builder.withDetail("primary", TargetDetails.primary(primary, primaryUp ? "UP" : "DOWN"));
		builder.withDetail("replicas", TargetDetails.replicas(this.monitor));
	}

	private static boolean isValid(RoutingTarget primary) {
		try (Connection connection = primary.dataSource().getConnection()) {
			return connection.isValid(1);
		}
		catch (Exception ex) {
			return false;
		}
	}

}
