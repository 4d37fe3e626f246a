package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether one target may serve now, as routing sees it, and how far it was last seen in the
 * primary's log. Given to each target when the {@link ReplicaRoutingDataSource} is built
 * ({@link ReplicaRoutingDataSource.Builder#health}): the health package's {@code ReplicaHealth} (a
 * circuit breaker and what the probes found) and {@code PrimaryHealth} (the primary's own probe)
 * are the implementations the auto-configuration uses; without health checks, every target
 * always serves.
 *
 * <p>
 * Routing asks for a connection through the protected methods, which only routing calls: a
 * {@link #tryAcquirePermission() permission}, then {@link #onConnected} or
 * {@link #onConnectFailed}. Implementations must be cheap and thread-safe: routing consults them
 * on every connection.
 */
public abstract class TargetHealth {

	private volatile SeenPosition seenPosition = SeenPosition.UNKNOWN;

	private final List<Runnable> unavailableActions = new CopyOnWriteArrayList<>();

	/**
	 * Create the health of a target.
	 */
	protected TargetHealth() {
	}

	/**
	 * The health of a target without health checks: it always serves.
	 */
	static TargetHealth unmonitored() {
		return new Unmonitored();
	}

	/**
	 * Whether the target may be picked now. Changes no state.
	 * @return {@code true} if it may
	 */
	public abstract boolean isCandidate();

	/**
	 * Whether a write may be sent to the target now: {@code false} when its health checks last
	 * found it read-only or in recovery. Changes no state.
	 * @return {@code true} by default
	 */
	public boolean acceptsWrites() {
		return true;
	}

	/**
	 * The target's state, for messages: {@code UP}, {@code CIRCUIT_OPEN}, {@code LAGGING}, ...
	 * @return the state, with a detail where useful
	 */
	public abstract String describe();

	/**
	 * How stale the target's data may be at most, as far as its health checks know: its lag as
	 * the last probe that could measure it found, plus the time since that probe. A read that
	 * must see every write committed before some time may go to it only when this is within its
	 * bound.
	 * @param nowMillis the current time, in epoch milliseconds
	 * @return the bound in milliseconds, or {@link Long#MAX_VALUE} when nothing is known (the
	 * default)
	 */
	public long stalenessMillis(long nowMillis) {
		return Long.MAX_VALUE;
	}

	/**
	 * The fraction of its full share of reads the target takes now: below 1 while a replica back
	 * in rotation warms up (slow start), when a read picked for it goes to a warm replica instead
	 * with the remaining probability. Cheap: routing asks on every read.
	 * @return from 0 to 1; 1 (the default) for a full share
	 */
	public double share() {
		return 1;
	}

	/**
	 * How far the target was last seen in the primary's log: for a replica, how far it has
	 * replayed it (seen by a probe or by a causal read); for the primary, its current position
	 * (seen by its probe).
	 * @return the position, or -1 when unknown
	 */
	public final long replayedPosition() {
		return this.seenPosition.position();
	}

	/**
	 * Ask to take a connection from the target; a {@code true} answer is followed by
	 * {@link #onConnected} or {@link #onConnectFailed}.
	 * @return whether the attempt may go ahead
	 */
	protected abstract boolean tryAcquirePermission();

	/**
	 * A connection was taken.
	 * @param durationNanos how long it took
	 */
	protected abstract void onConnected(long durationNanos);

	/**
	 * Taking a connection failed.
	 * @param durationNanos how long the attempt took
	 * @param failure why
	 */
	protected abstract void onConnectFailed(long durationNanos, SQLException failure);

	/**
	 * A write transaction (or a connection's auto-commit writes) committed on the target: the
	 * database acknowledged it. Called on every such commit, so it must be cheap; does nothing by
	 * default.
	 */
	protected void writeAcknowledged() {
	}

	/**
	 * A write transaction is about to commit on {@code connection}, the physical connection to
	 * the target: where failovers count lost writes exactly
	 * ({@code replica-routing.failover.lost-writes: exact}), this is where the transaction's own
	 * identity is asked when the database tells it only before commit. Called on every such
	 * commit, so it must be cheap when it asks nothing; by default it asks nothing.
	 * @param connection the physical connection, in the transaction
	 * @return what {@link #writeAcknowledged(Connection, long)} is given after the commit; -1 for
	 * nothing
	 */
	protected long beforeCommit(Connection connection) {
		return -1;
	}

	/**
	 * A write transaction committed on {@code connection}, the physical connection to the target:
	 * the database acknowledged it. By default {@link #writeAcknowledged()}.
	 * @param connection the physical connection, after the commit
	 * @param beforeCommit what {@link #beforeCommit(Connection)} returned for this transaction
	 */
	protected void writeAcknowledged(Connection connection, long beforeCommit) {
		writeAcknowledged();
	}

	/**
	 * Record how far the target was just seen in the primary's log, by a read that started at
	 * {@code readAfterMillis} or later. For the primary, this is what lets a consistency token be
	 * judged without asking it: a write made before that time lies at or before the position.
	 * @param position the position seen
	 * @param readAfterMillis when the read that saw it started, or earlier; {@link Long#MIN_VALUE}
	 * when unknown
	 */
	protected final void recordPosition(long position, long readAfterMillis) {
		this.seenPosition = new SeenPosition(position, readAfterMillis);
	}

	/**
	 * Tell routing that the target was just found unable to serve (its probe could not reach it):
	 * whoever is still waiting for a connection from its pool gives up now, with an exception
	 * naming the target, instead of after the pool's connection timeout. Call it each time a probe
	 * finds the target unreachable, so that no borrower that started just before is missed.
	 */
	protected final void unavailable() {
		this.unavailableActions.forEach(Runnable::run);
	}

	/**
	 * Run {@code action} each time the target is found {@link #unavailable()}.
	 */
	void whenUnavailable(Runnable action) {
		this.unavailableActions.add(action);
	}

	SeenPosition seenPosition() {
		return this.seenPosition;
	}

	/**
	 * Whether health checks decide for the target, so that what they found can answer for it.
	 */
	boolean isMonitored() {
		return !(this instanceof Unmonitored);
	}

	/**
	 * A log position and a time no later than when it was read: both facts in one, so that no
	 * reader pairs a position with another reading's time.
	 *
	 * @param position the position, or -1 when unknown
	 * @param readAfterMillis when the read that saw it started, or earlier; {@link Long#MIN_VALUE}
	 * when unknown
	 */
	record SeenPosition(long position, long readAfterMillis) {

		static final SeenPosition UNKNOWN = new SeenPosition(-1, Long.MIN_VALUE);

	}

	private static final class Unmonitored extends TargetHealth {

		@Override
		public boolean isCandidate() {
			return true;
		}

		@Override
		public String describe() {
			return "UP";
		}

		@Override
		protected boolean tryAcquirePermission() {
			return true;
		}

		@Override
		protected void onConnected(long durationNanos) {
		}

		@Override
		protected void onConnectFailed(long durationNanos, SQLException failure) {
		}

	}

}
