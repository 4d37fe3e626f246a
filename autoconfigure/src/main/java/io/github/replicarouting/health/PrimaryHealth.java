package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;

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
 * answers makes it {@link PrimaryState#UP} again, or {@link PrimaryState#READ_ONLY} when it says it
 * does not take writes (in recovery, read-only): writes then fail at once too, since a write must
 * never run on a node that was read-only when it was last seen. When the node's role changes
 * (writable to read-only or back) or another server answers at its URL, its pooled connections
 * are evicted: idle ones at once, busy ones as they come back.
 */
public final class PrimaryHealth extends TargetHealth {

	private static final Log logger = LogFactory.getLog(PrimaryHealth.class);

	private static final int TIMEOUTS_TO_DOWN = 2;

	private final RoutingTarget target;

	private volatile PrimaryState state = PrimaryState.UP;

	private volatile @Nullable String failure;

	private final Runnable evictConnections;

	private final boolean aReplica;

	private int timeoutsInARow;

	private @Nullable Boolean lastWritable;

	private volatile @Nullable String identity;

	private final LongAdder writesAcknowledged = new LongAdder();

	private volatile long acknowledgedAtLookStart;

	private volatile long acknowledgedAtLastLook;

	/** In {@code failover.lost-writes: exact}, each acknowledged write's identity; else {@code null}. */
	private final @Nullable WriteLedger ledger;

	/**
	 * Create the health of the primary.
	 * @param target the primary
	 * @param evictConnections drops the target's pooled connections, run when its role changes
	 */
	PrimaryHealth(RoutingTarget target, Runnable evictConnections) {
		this(target, evictConnections, false);
	}

	/**
	 * @param aReplica whether the node is a configured replica, watched as a writer in
	 * {@code failover.mode: follow}: read-only is what it is expected to be, no warning
	 */
	PrimaryHealth(RoutingTarget target, Runnable evictConnections, boolean aReplica) {
		this(target, evictConnections, aReplica, null);
	}

	/**
	 * @param ledger in {@code failover.lost-writes: exact}, where each acknowledged write's
	 * identity is kept; else {@code null}
	 */
	PrimaryHealth(RoutingTarget target, Runnable evictConnections, boolean aReplica, @Nullable WriteLedger ledger) {
		this.target = target;
		this.evictConnections = evictConnections;
		this.aReplica = aReplica;
		this.ledger = ledger;
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

	/**
	 * Only while its probe last found it writable: never while {@code DOWN} or
	 * {@code READ_ONLY}.
	 */
	@Override
	public boolean acceptsWrites() {
		return this.state == PrimaryState.UP;
	}

	/**
	 * Which server its probe last reached, as the server reports itself.
	 * @return the identity, or {@code null} when unknown
	 */
	public @Nullable String identity() {
		return this.identity;
	}

	/**
	 * Whether its last probe answered that it takes writes.
	 */
	synchronized boolean seenWritable() {
		return this.state == PrimaryState.UP && Boolean.TRUE.equals(this.lastWritable);
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
		if (this.state == PrimaryState.READ_ONLY) {
			return "READ_ONLY (in recovery or read-only, as its probe found it)";
		}
		return (this.state == PrimaryState.DOWN && why != null) ? "DOWN (its probe failed: " + why + ")"
				: this.state.name();
	}

	/** Auto-commit writes: no transaction whose identity could be asked. */
	@Override
	protected void writeAcknowledged() {
		this.writesAcknowledged.increment();
		WriteLedger writes = this.ledger;
		if (writes != null) {
			writes.acknowledgedUnknown();
		}
	}

	@Override
	protected long beforeCommit(Connection connection) {
		WriteLedger writes = this.ledger;
		return (writes != null) ? writes.beforeCommit(connection) : -1;
	}

	@Override
	protected void writeAcknowledged(Connection connection, long beforeCommit) {
		this.writesAcknowledged.increment();
		WriteLedger writes = this.ledger;
		if (writes != null) {
			writes.acknowledged(connection, beforeCommit);
		}
	}

	/**
	 * A probe round begins: every write acknowledged before now lies at or before the position it
	 * reads.
	 */
	void lookStarted() {
		this.acknowledgedAtLookStart = this.writesAcknowledged.sum();
		WriteLedger writes = this.ledger;
		if (writes != null) {
			writes.lookStarted();
		}
	}

	/**
	 * Record the primary's log position, read by a probe that started at {@code readAfterMillis}.
	 */
	void positionProbed(long position, long readAfterMillis) {
		recordPosition(position, readAfterMillis);
		this.acknowledgedAtLastLook = this.acknowledgedAtLookStart;
		WriteLedger writes = this.ledger;
		if (writes != null) {
			writes.positionProbed(position);
		}
	}

	/**
	 * In {@code failover.lost-writes: exact}, where the identities of the writes it acknowledged
	 * are kept.
	 * @return the ledger, or {@code null} in {@code bounds}
	 */
	@Nullable WriteLedger ledger() {
		return this.ledger;
	}

	/**
	 * The write transactions the node acknowledged since the round that last read its position
	 * began: they may lie beyond that position, so a node promoted from what it had replicated
	 * then may lack any of them.
	 * @return the count
	 */
	long writesAcknowledgedSinceLastLook() {
		return this.writesAcknowledged.sum() - this.acknowledgedAtLastLook;
	}

	synchronized void probeAnswered(PrimaryProbeResult status) {
		this.timeoutsInARow = 0;
		this.failure = null;
		boolean roleChanged = this.lastWritable != null && this.lastWritable != status.writable();
		String previousIdentity = this.identity;
		boolean serverChanged = previousIdentity != null && status.identity() != null
				&& !previousIdentity.equals(status.identity());
		this.lastWritable = status.writable();
		if (status.identity() != null) {
			this.identity = status.identity();
		}
		PrimaryState next = status.writable() ? PrimaryState.UP : PrimaryState.READ_ONLY;
		if (this.state != next) {
			if (next == PrimaryState.READ_ONLY && this.aReplica) {
				logger.info(this.target.name() + " - does not take writes: READ_ONLY");
			}
			else if (next == PrimaryState.READ_ONLY) {
				logger.warn(this.target.name() + " - answers its probe but does not take writes (in recovery or "
						+ "read-only): READ_ONLY, writes fail at once until it takes them again");
			}
			else {
				logger.info(this.target.name() + " - answers its probe and takes writes: UP");
			}
		}
		this.state = next;
		if (roleChanged || serverChanged) {
			logger.info(this.target.name() + " - " + (roleChanged ? "its role changed" : "another server answers")
					+ ": evicting its pooled connections");
			this.evictConnections.run();
		}
	}

	/**
	 * It answered, just not what was asked (a privilege, say): reachable, in the role it was
	 * last seen in.
	 */
	private void probeAnsweredOtherwise() {
		Boolean writable = this.lastWritable;
		probeAnswered(new PrimaryProbeResult(writable == null || writable, null, null));
	}

	synchronized void probeFailed(Throwable failure) {
		if (!ConnectionFailures.isConnectionFailure(failure)) {
			// It answered, just not what was asked (a privilege, a role change): reachable.
			logger.debug(this.target.name() + " - probe could not read the log position: " + JdbcUrls.reduceWithin(failure.getMessage()));
			probeAnsweredOtherwise();
			return;
		}
		boolean timeout = ConnectionFailures.isTimeout(failure);
		this.timeoutsInARow = timeout ? this.timeoutsInARow + 1 : 0;
		if (this.state != PrimaryState.DOWN && (!timeout || this.timeoutsInARow >= TIMEOUTS_TO_DOWN)) {
			this.failure = JdbcUrls.reduceWithin(failure.getMessage());
			this.state = PrimaryState.DOWN;
			logger.warn(this.target.name() + " - probe failed: DOWN, writes fail at once until it answers: "
					+ JdbcUrls.reduceWithin(failure.getMessage()));
		}
		if (this.state == PrimaryState.DOWN) {
			unavailable();
		}
	}

}
