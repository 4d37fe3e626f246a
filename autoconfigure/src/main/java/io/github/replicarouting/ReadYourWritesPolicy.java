package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What a read inside {@code @ReadYourWrites} needs in order to see its scope's writes: any
 * replica, a replica that has replayed up to a log position (causal mode), or the primary (window
 * mode right after a write, or work that lost its scope). Records each committed write on the
 * scope, with the primary's position when causal mode can know it.
 */
final class ReadYourWritesPolicy {

	/** The read may go to any replica. */
	static final long ANY_REPLICA = -1;

	/** The read must go to the primary. */
	static final long PRIMARY = Long.MAX_VALUE;

	private static final Log logger = LogFactory.getLog(ReadYourWritesPolicy.class);

	private final ReadYourWritesMode mode;

	private final long windowMillis;

	private final long maxWaitNanos;

	private final Clock clock;

	private final ConsistencyScopeResolver resolver;

	private final ReplicationPositions positions;

	private final AtomicLong knownPrimaryPosition = new AtomicLong(-1);

	ReadYourWritesPolicy(ReadYourWritesMode mode, Duration window, Duration maxWait, Clock clock,
			ConsistencyScopeResolver resolver, ReplicationPositions positions) {
		this.mode = mode;
		this.windowMillis = window.toMillis();
		this.maxWaitNanos = maxWait.toNanos();
		this.clock = clock;
		this.resolver = resolver;
		this.positions = positions;
	}

	ReplicationPositions positions() {
		return this.positions;
	}

	long maxWaitNanos() {
		return this.maxWaitNanos;
	}

	/**
	 * Record a write that just committed on {@code primary}, before the connection goes back to
	 * its pool.
	 */
	void afterWrite(Connection primary) {
		try {
			recordWrite(primary);
		}
		catch (RuntimeException ex) {
			// The write has committed: its bookkeeping must never make it look failed.
			logger.warn("primary - could not record a committed write for read-your-writes", ex);
		}
	}

	private void recordWrite(Connection primary) {
		ConsistencyScope scope = this.resolver.resolve(true);
		if (scope == null) {
			return;
		}
		long position = -1;
		if (this.mode == ReadYourWritesMode.CAUSAL) {
			try {
				position = this.positions.currentPosition(primary);
				this.knownPrimaryPosition.accumulateAndGet(position, Math::max);
			}
			catch (SQLException ex) {
				logger.debug("primary - could not read the log position after a write: " + ex.getMessage());
			}
		}
		scope.recordWrite(this.clock.millis(), position);
	}

	/**
	 * What the current read inside {@code @ReadYourWrites} needs; work that has no scope reads
	 * on the primary.
	 * @param primary reads the primary's current position, to clamp a position from a client
	 * @return {@link #ANY_REPLICA}, {@link #PRIMARY}, or the position a replica must have reached
	 */
	long requirement(PrimaryPositionReader primary) {
		return requirement(primary, true);
	}

	/**
	 * What the current read needs to see its scope's writes.
	 * @param primary reads the primary's current position, to clamp a position from a client
	 * @param scopeRequired whether work without a scope reads on the primary ({@code @ReadYourWrites},
	 * which cannot tell work that never wrote from work that lost its scope), or on any replica
	 * (a read that did not ask to see anything)
	 * @return {@link #ANY_REPLICA}, {@link #PRIMARY}, or the position a replica must have reached
	 */
	long requirement(PrimaryPositionReader primary, boolean scopeRequired) {
		ConsistencyScope scope = this.resolver.resolve(false);
		if (scope == null) {
			return scopeRequired ? PRIMARY : ANY_REPLICA;
		}
		long lastWrite = scope.lastWriteMillis();
		if (lastWrite == Long.MIN_VALUE) {
			return ANY_REPLICA;
		}
		if (this.mode == ReadYourWritesMode.CAUSAL && scope.position() >= 0) {
			long position = scope.position();
			if (position > this.knownPrimaryPosition.get()) {
				clamp(scope, primary);
				position = scope.position();
			}
			return position;
		}
		return (this.clock.millis() - lastWrite < this.windowMillis) ? PRIMARY : ANY_REPLICA;
	}

	/**
	 * A position beyond any the primary was seen at came from another instance, or from a forged
	 * token: ask the primary, and never wait for more than it has.
	 */
	private void clamp(ConsistencyScope scope, PrimaryPositionReader primary) {
		try {
			long current = primary.read(this.positions);
			this.knownPrimaryPosition.accumulateAndGet(current, Math::max);
			scope.clampPosition(this.knownPrimaryPosition.get());
		}
		catch (SQLException ex) {
			// The primary cannot say: no replica will be found at that position within max-wait,
			// and the read goes to the primary, which has everything.
			logger.debug("primary - could not read the log position to check a token: " + ex.getMessage());
		}
	}

	@FunctionalInterface
	interface PrimaryPositionReader {

		long read(ReplicationPositions positions) throws SQLException;

	}

}
