package io.github.replicarouting;

import java.sql.SQLException;

/**
 * Whether a target may serve now, and what happened when it was asked for a connection. The
 * router consults a replica's on every read and the primary's on every connection to it; the
 * health package implements it with a circuit breaker and the probes' findings for replicas, and
 * with the primary's own probe for the primary. Implementations must be cheap and thread-safe.
 */
public interface ReplicaAvailability {

	/**
	 * Always available, for targets without health checks.
	 */
	ReplicaAvailability ALWAYS = new ReplicaAvailability() {

		@Override
		public boolean isCandidate() {
			return true;
		}

		@Override
		public boolean tryAcquirePermission() {
			return true;
		}

		@Override
		public void onConnected(long durationNanos) {
		}

		@Override
		public void onConnectFailed(long durationNanos, SQLException failure) {
		}

		@Override
		public String describe() {
			return "UP";
		}

	};

	/**
	 * Whether the replica may be picked for a read now. Must not change any state.
	 * @return {@code true} if it is a candidate
	 */
	boolean isCandidate();

	/**
	 * Ask to take a connection from the replica; a {@code true} answer must be followed by
	 * {@link #onConnected} or {@link #onConnectFailed}.
	 * @return whether the attempt may go ahead
	 */
	boolean tryAcquirePermission();

	/**
	 * A connection was taken.
	 * @param durationNanos how long it took
	 */
	void onConnected(long durationNanos);

	/**
	 * Taking a connection failed.
	 * @param durationNanos how long the attempt took
	 * @param failure why
	 */
	void onConnectFailed(long durationNanos, SQLException failure);

	/**
	 * How stale the replica's data may be at most, as far as its health checks know: its lag as
	 * the last probe that could measure it found, plus the time since that probe. A read that
	 * must see every write committed before some time, or be no staler than some bound, may go
	 * to the replica only when this is within its bound.
	 * @param nowMillis the current time, in epoch milliseconds
	 * @return the bound in milliseconds, or {@link Long#MAX_VALUE} when nothing is known (the
	 * default, and the answer of {@link #ALWAYS})
	 */
	default long stalenessMillis(long nowMillis) {
		return Long.MAX_VALUE;
	}

	/**
	 * The replica's state, for messages: {@code UP}, {@code CIRCUIT_OPEN}, {@code LAGGING}, ...
	 * @return the state, with a detail where useful
	 */
	String describe();

}
