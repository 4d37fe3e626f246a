package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.replicarouting.ConsistencyScope.Snapshot;
import io.github.replicarouting.Router.Decision;
import io.github.replicarouting.RoutingTarget.SeenPosition;

/**
 * Where a read inside {@code @ReadYourWrites} may go to see every write its scope committed
 * before: any replica (the scope never wrote), a replica that has replayed the log position after
 * the scope's last write (causal mode), a replica whose health checks prove it is no staler than
 * the time since that write, or the primary. Records each committed write on the scope, with the
 * primary's position when causal mode can know it.
 *
 * <p>
 * Judging a scope does no I/O: the primary's position is the one the prober last read
 * ({@link RoutingTarget#recordReplayedPosition(long, long)} on the primary), and a replica's
 * freshness is what its probes found. A position the scope names beyond that reading is normal
 * (a write on another instance since the last probe round) and needs a replica that has it, else
 * the primary. Only a position that the primary provably had to have and does not is ignored:
 * the prober's read of the primary started after the scope's write (allowing
 * {@value #CLOCK_SKEW_MILLIS} ms for the clocks of two instances to disagree) and found the
 * primary short of it. That happens when the primary is not the one the position came from (a
 * restored or replaced primary, another cluster's token under the same secret); the scope's write
 * time still holds, as in window mode. An unknown position (-1: none read, or one spanning several
 * GTID domains or sources) is never "any replica will do": the write time rules then too.
 */
final class ReadYourWritesPolicy {

	/**
	 * How far apart the clocks of two instances sharing tokens may be: a position is judged
	 * impossible only when the primary was read this long after the write, by the reader's
	 * clock. Window mode assumes clocks agree much closer than its window already.
	 */
	static final long CLOCK_SKEW_MILLIS = 1000;

	private static final Log logger = LogFactory.getLog(ReadYourWritesPolicy.class);

	private final ReadYourWritesMode mode;

	private final long windowMillis;

	private final long maxWaitNanos;

	private final Clock clock;

	private final ConsistencyScopeResolver resolver;

	private final ReplicationPositions positions;

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

	long nowMillis() {
		return this.clock.millis();
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
			}
			catch (SQLException ex) {
				logger.debug("primary - could not read the log position after a write: "
						+ JdbcUrls.reduceWithin(ex.getMessage()));
			}
		}
		// The time is taken after the position: every write before it lies at or before the position.
		scope.recordWrite(this.clock.millis(), position);
	}

	/**
	 * Where the current read that must see its scope's writes may go.
	 * @param primary the primary, whose position as the prober last read it judges a position
	 * @param scopeRequired whether work without a scope reads on the primary ({@code @ReadYourWrites},
	 * which cannot tell work that never wrote from work that lost its scope), or on any replica
	 * (a repository read, which did not ask to see anything)
	 * @return the primary, any replica, a replica that has replayed a position, or a replica
	 * within a staleness bound
	 */
	Decision decide(RoutingTarget primary, boolean scopeRequired) {
		ConsistencyScope scope = this.resolver.resolve(false);
		if (scope == null) {
			return Decision.of(scopeRequired ? Route.PRIMARY_READ_YOUR_WRITES : Route.REPLICA_READ_YOUR_WRITES);
		}
		Snapshot written = scope.snapshot();
		if (written.lastWriteMillis() == Long.MIN_VALUE) {
			return Decision.of(Route.REPLICA_READ_YOUR_WRITES);
		}
		if (this.mode == ReadYourWritesMode.CAUSAL && written.position() >= 0
				&& !primaryProvablyLacks(primary.seenPosition(), written)) {
			return Decision.atPosition(written.position());
		}
		long sinceWrite = this.clock.millis() - written.lastWriteMillis();
		if (sinceWrite < this.windowMillis) {
			return Decision.of(Route.PRIMARY_READ_YOUR_WRITES);
		}
		// A replica that had everything the primary committed up to the write's time has it.
		return Decision.withinStaleness(sinceWrite);
	}

	private static boolean primaryProvablyLacks(SeenPosition primary, Snapshot written) {
		return primary.readAfterMillis() != Long.MIN_VALUE && primary.position() >= 0
				&& primary.position() < written.position()
				&& primary.readAfterMillis() - CLOCK_SKEW_MILLIS > written.lastWriteMillis();
	}

}
