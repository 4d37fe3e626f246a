package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.replicarouting.ConsistencyScope.Snapshot;
import io.github.replicarouting.TargetHealth.SeenPosition;

/**
 * Where a read inside {@code @ReadYourWrites} may go to see every write its scope committed
 * before: any replica (the scope never wrote), a replica that has replayed the log position after
 * the scope's last write (causal mode), a replica whose health checks prove it is no staler than
 * the time since that write, or the primary; and whether a replica has what the read needs,
 * confirmed on its connection when its probes do not know yet. Records each committed write on
 * the scope; in causal mode with a ticket of its writer's {@link PositionSampler}, whose position
 * the first read of the scope that needs it reads (a commit does no I/O).
 *
 * <p>
 * Judging a scope does no I/O beyond that shared sample: the primary's position is the one its probe last read
 * ({@link TargetHealth#replayedPosition()} of the primary), and a replica's freshness is what its
 * probes found. A position the scope names beyond that reading is normal
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

	private static final long MIN_POSITION_POLL_NANOS = 1_000_000;

	private static final long MAX_POSITION_POLL_NANOS = 8_000_000;

	private final ReadYourWritesMode mode;

	private final long windowMillis;

	private final long maxWaitNanos;

	private final Clock clock;

	private final ConsistencyScopeResolver resolver;

	private final ReplicationPositions positions;

	private final Map<GuardedTarget, PositionSampler> samplers = new ConcurrentHashMap<>();

	ReadYourWritesPolicy(ReadYourWritesMode mode, Duration window, Duration maxWait, Clock clock,
			ConsistencyScopeResolver resolver, ReplicationPositions positions) {
		this.mode = mode;
		this.windowMillis = window.toMillis();
		this.maxWaitNanos = maxWait.toNanos();
		this.clock = clock;
		this.resolver = resolver;
		this.positions = positions;
	}

	/**
	 * Record a write that just committed on {@code writer}, before the connection goes back to
	 * its pool. No I/O: the write takes a ticket of the writer's {@link PositionSampler}, whose
	 * position is read when first needed (a read of its scope, the token sent to its client, the
	 * enclosing {@code @AwaitReplication} call), by one sample shared with every write before it.
	 * @param positionNeeded whether the write's position must be known whatever the mode
	 * (for {@code @AwaitReplication})
	 * @return the write's ticket, or {@code null} when none was taken or it could not be
	 */
	PositionSampler.@Nullable Ticket afterWrite(GuardedTarget writer, boolean positionNeeded) {
		try {
			return recordWrite(writer, positionNeeded);
		}
		catch (RuntimeException ex) {
			// The write has committed: its bookkeeping must never make it look failed.
			logger.warn(writer.name() + " - could not record a committed write for read-your-writes", ex);
			return null;
		}
	}

	private PositionSampler.@Nullable Ticket recordWrite(GuardedTarget writer, boolean positionNeeded) {
		ConsistencyScope scope = this.resolver.resolve(true);
		boolean causal = scope != null && this.mode == ReadYourWritesMode.CAUSAL;
		PositionSampler.Ticket ticket = (positionNeeded || causal) ? sampler(writer).committed() : null;
		if (scope != null) {
			// The time is taken after the commit: the write lies at or before it.
			long millis = this.clock.millis();
			if (causal) {
				scope.recordWrite(millis, ticket);
			}
			else {
				scope.recordWrite(millis, -1);
			}
		}
		return ticket;
	}

	/** The sampler of {@code writer}'s position, one per writer. */
	PositionSampler sampler(GuardedTarget writer) {
		return this.samplers.computeIfAbsent(writer, (target) -> (this.positions == ReplicationPositions.NONE)
				? new PositionSampler(target.name(), () -> -1) : PositionSampler.of(target, this.positions));
	}

	/**
	 * In causal mode, record how far the read that {@code routed} served could have seen, on its
	 * connection before it goes back to its pool: the replica's replayed position, or the
	 * primary's current one, read after the read's last statement. The scope's later reads never
	 * go to a replica behind it.
	 */
	void afterRead(Routed routed) {
		if (this.mode != ReadYourWritesMode.CAUSAL) {
			return;
		}
		ConsistencyScope scope = this.resolver.resolve(false);
		if (scope == null) {
			return;
		}
		// The time is taken before the position: the position was seen at or after it.
		long millis = this.clock.millis();
		try {
			scope.recordRead(routed.target().target().isPrimary() ? this.positions.currentPosition(routed.connection())
					: this.positions.replayedPosition(routed.connection()), millis);
		}
		catch (SQLException | RuntimeException ex) {
			// The read has its data: a position it cannot tell only leaves later reads less bounded.
			logger.debug(routed.name() + " - could not read the log position after a read: "
					+ JdbcUrls.reduceWithin(ex.getMessage()));
		}
	}

	/** How log positions are read. */
	ReplicationPositions positions() {
		return this.positions;
	}

	/**
	 * Where the current read that must see its scope's writes may go.
	 * @param primary the primary's health, whose position as its probe last read it judges a
	 * position
	 * @param scopeRequired whether work without a scope reads on the primary ({@code @ReadYourWrites},
	 * which cannot tell work that never wrote from work that lost its scope), or on any replica
	 * (a repository read, which did not ask to see anything)
	 * @return the primary, any replica, a replica that has replayed a position, or a replica
	 * within a staleness bound
	 */
	Destination decide(TargetHealth primary, boolean scopeRequired) {
		ConsistencyScope scope = this.resolver.resolve(false);
		if (scope == null) {
			return Destination.of(scopeRequired ? Route.PRIMARY_READ_YOUR_WRITES : Route.REPLICA_READ_YOUR_WRITES);
		}
		// Causal: the last write's position, read now if no sample since the write has (one round
		// trip shared by every write before it; window mode records none).
		Snapshot written = scope.resolvedSnapshot();
		// Monotonic reads: never a replica behind what an earlier read of the scope saw, unless the
		// primary provably never had it (another history, as for a write's position below).
		long read = (this.mode == ReadYourWritesMode.CAUSAL
				&& !primaryProvablyLacks(primary.seenPosition(), written.readPosition(), written.readMillis()))
						? written.readPosition() : -1;
		if (written.lastWriteMillis() == Long.MIN_VALUE) {
			return (read >= 0) ? Destination.replica(new Freshness.Replayed(read))
					: Destination.of(Route.REPLICA_READ_YOUR_WRITES);
		}
		if (this.mode == ReadYourWritesMode.CAUSAL && written.position() >= 0
				&& !primaryProvablyLacks(primary.seenPosition(), written.position(), written.lastWriteMillis())) {
			return Destination.replica(new Freshness.Replayed(Math.max(written.position(), read)));
		}
		long sinceWrite = this.clock.millis() - written.lastWriteMillis();
		if (sinceWrite < this.windowMillis) {
			return Destination.of(Route.PRIMARY_READ_YOUR_WRITES);
		}
		// A replica that had everything the primary committed up to the write's time has it.
		return Destination.replica(new Freshness.NoStalerThan(sinceWrite));
	}

	/**
	 * Whether the primary provably never had {@code position}, seen at {@code seenMillis}: its
	 * probe read it short of that position, in a read that started well after.
	 */
	private static boolean primaryProvablyLacks(SeenPosition primary, long position, long seenMillis) {
		return primary.readAfterMillis() != Long.MIN_VALUE && primary.position() >= 0 && primary.position() < position
				&& primary.readAfterMillis() - CLOCK_SKEW_MILLIS > seenMillis;
	}

	/**
	 * The candidates whose health checks prove them no staler than {@code bound}; the list
	 * itself when all are.
	 */
	List<GuardedTarget> freshEnough(List<GuardedTarget> candidates, Freshness.NoStalerThan bound) {
		return freshEnough(candidates, bound.maxMillis());
	}

	/**
	 * The candidates whose health checks prove them no staler than {@code maxMillis}; the list
	 * itself when all are.
	 */
	List<GuardedTarget> freshEnough(List<GuardedTarget> candidates, long maxMillis) {
		long now = this.clock.millis();
		List<GuardedTarget> fresh = null;
		for (int i = 0; i < candidates.size(); i++) {
			GuardedTarget replica = candidates.get(i);
			boolean within = replica.health().stalenessMillis(now) <= maxMillis;
			if (!within && fresh == null) {
				fresh = new ArrayList<>(candidates.subList(0, i));
			}
			else if (within && fresh != null) {
				fresh.add(replica);
			}
		}
		return (fresh != null) ? fresh : candidates;
	}

	/** The time on the clock that freshness is judged by, in epoch milliseconds. */
	long millis() {
		return this.clock.millis();
	}

	/**
	 * A connection to a replica that has replayed up to {@code position}, for a causal read: to
	 * one known to have from its probes or an earlier read, else to the load balancer's pick
	 * once it confirms it on the connection.
	 * @param candidates the replicas that may serve, never empty
	 * @param first the index of the load balancer's pick
	 * @param position the position the read needs
	 * @param readOnly whether the route is read-only
	 * @return the route, or {@code null} when no replica can serve it and the read goes to the
	 * primary
	 */
	@Nullable Routed connectCaughtUp(List<GuardedTarget> candidates, int first, long position, boolean readOnly) {
		int size = candidates.size();
		GuardedTarget best = candidates.get(first);
		for (int i = 0; i < size; i++) {
			GuardedTarget replica = candidates.get((first + i) % size);
			if (replica.health().replayedPosition() >= position) {
				best = replica;
				break;
			}
		}
		Connection connection;
		try {
			connection = best.tryConnect();
		}
		catch (SQLException ex) {
			logger.debug(best.name() + " - could not give a connection for a causal read: "
					+ JdbcUrls.reduceWithin(ex.getMessage()));
			return null;
		}
		if (connection == null) {
			return null;
		}
		if (hasReplayed(best, connection, position)) {
			return new Routed(best, connection, RoutingReason.READ_YOUR_WRITES, readOnly);
		}
		best.releaseUnused(connection);
		return null;
	}

	/**
	 * Whether {@code replica} has replayed {@code position}: known from its probes or an earlier
	 * read, else confirmed on {@code connection}, waiting up to {@code max-wait} for it to get
	 * there. Each position read on the connection is recorded on the replica's health.
	 */
	private boolean hasReplayed(GuardedTarget replica, Connection connection, long position) {
		if (replica.health().replayedPosition() >= position) {
			return true;
		}
		try {
			return awaitReplayed(replica.health(), connection, position);
		}
		catch (SQLException ex) {
			logger.debug(replica.name() + " - could not confirm its replayed position: "
					+ JdbcUrls.reduceWithin(ex.getMessage()));
			return false;
		}
	}

	private boolean awaitReplayed(TargetHealth replica, Connection connection, long position) throws SQLException {
		long deadline = System.nanoTime() + this.maxWaitNanos;
		long pause = MIN_POSITION_POLL_NANOS;
		while (true) {
			long replayed = this.positions.replayedPosition(connection);
			replica.recordPosition(replayed, Long.MIN_VALUE);
			if (replayed >= position) {
				return true;
			}
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return false;
			}
			LockSupport.parkNanos(Math.min(remaining, pause));
			pause = Math.min(pause * 2, MAX_POSITION_POLL_NANOS);
		}
	}

}
