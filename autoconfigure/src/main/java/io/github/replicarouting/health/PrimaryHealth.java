package io.github.replicarouting.health;

import java.sql.SQLException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.replicarouting.JdbcUrls;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.TargetHealth;

/**
 * Whether the primary is reachable, as its probe found it on a connection of its own (never one
 * from the application's pool), and where its log was: what health reports, what lets writes
 * fail at once while it is known to be down instead of each waiting for the pool's connection
 * timeout, and what a consistency token is judged against. Created by the {@link ReplicaMonitor}.
 *
 * <p>
 * A refused or dropped connection is a verdict: {@link PrimaryState#DOWN} at once. A probe that
 * merely does not answer in time could be a slow primary, and failing writes that would have
 * succeeded is worse than letting them wait: it takes two such rounds in a row. One probe that
 * answers makes it {@link PrimaryState#UP} again.
 */
public final class PrimaryHealth extends TargetHealth {

	private static final Log logger = LogFactory.getLog(PrimaryHealth.class);

	private static final int TIMEOUTS_TO_DOWN = 2;

	private final RoutingTarget target;

	private volatile PrimaryState state = PrimaryState.UP;

	private volatile @Nullable String failure;

	private int timeoutsInARow;

	/**
	 * Create the health of the primary.
	 * @param target the primary
	 */
	PrimaryHealth(RoutingTarget target) {
		this.target = target;
	}

	/**
	 * The primary.
	 * @return the target
	 */
	public RoutingTarget target() {
		return this.target;
	}

	/**
	 * The state the probes last found.
	 * @return the state, {@link PrimaryState#UP} until a probe says otherwise
	 */
	public PrimaryState state() {
		return this.state;
	}

	@Override
	public boolean isCandidate() {
		return this.state != PrimaryState.DOWN;
	}

	@Override
	protected boolean tryAcquirePermission() {
		return isCandidate();
	}

	@Override
	protected void onConnected(long durationNanos) {
		// The probe alone decides: a connection from the pool proves as little as a slow one disproves.
	}

	@Override
	protected void onConnectFailed(long durationNanos, SQLException failure) {
	}

	@Override
	public String describe() {
		String why = this.failure;
		return (this.state == PrimaryState.DOWN && why != null) ? "DOWN (its probe failed: " + why + ")"
				: this.state.name();
	}

	/**
	 * Record the primary's log position, read by a probe that started at {@code readAfterMillis}.
	 */
	void positionProbed(long position, long readAfterMillis) {
		recordPosition(position, readAfterMillis);
	}

	synchronized void probeAnswered(PrimaryProbeResult status) {
		this.timeoutsInARow = 0;
		if (this.state != PrimaryState.UP) {
			logger.info(this.target.name() + " - answers its probe again: UP");
		}
		this.failure = null;
		this.state = PrimaryState.UP;
	}

	synchronized void probeFailed(Throwable failure) {
		if (!ConnectionFailures.isConnectionFailure(failure)) {
			// It answered, just not what was asked (a privilege, a role change): reachable.
			logger.debug(this.target.name() + " - probe could not read the log position: " + JdbcUrls.reduceWithin(failure.getMessage()));
			probeAnswered(new PrimaryProbeResult(null));
			return;
		}
		boolean timeout = ConnectionFailures.isTimeout(failure);
		this.timeoutsInARow = timeout ? this.timeoutsInARow + 1 : 0;
		if (this.state == PrimaryState.UP && (!timeout || this.timeoutsInARow >= TIMEOUTS_TO_DOWN)) {
			this.failure = JdbcUrls.reduceWithin(failure.getMessage());
			this.state = PrimaryState.DOWN;
			logger.warn(this.target.name() + " - probe failed: DOWN, writes fail at once until it answers: "
					+ JdbcUrls.reduceWithin(failure.getMessage()));
		}
	}

}
