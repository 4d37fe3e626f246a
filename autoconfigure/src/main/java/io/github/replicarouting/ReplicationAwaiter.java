package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until enough replicas of one routing data source have replayed a log position, for
 * {@link AwaitReplication}: a replica its probes (or an earlier read) saw past the position
 * confirms at once; the others are asked on a connection from their pools, through their health,
 * how far they have replayed, until enough have it or the time is up (one out of rotation is
 * tried again meanwhile, as it may come back). The primary is never asked.
 */
final class ReplicationAwaiter {

	private static final long MIN_POLL_NANOS = 1_000_000;

	private static final long MAX_POLL_NANOS = 10_000_000;

	private final List<GuardedTarget> replicas;

	private final ReplicationPositions positions;

	ReplicationAwaiter(List<GuardedTarget> replicas, ReplicationPositions positions) {
		this.replicas = replicas;
		this.positions = positions;
	}

	/**
	 * Return once {@code required} replicas have replayed {@code position}.
	 * @throws ReplicationTimeoutException when fewer have within {@code timeout}
	 */
	void await(long position, int required, Duration timeout, String method) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<String> confirmed = new ArrayList<>(required);
		for (GuardedTarget replica : this.replicas) {
			if (replica.health().replayedPosition() >= position) {
				confirmed.add(replica.name());
			}
		}
		if (confirmed.size() >= required) {
			return;
		}
		Map<GuardedTarget, String> behind = new LinkedHashMap<>();
		Map<GuardedTarget, Connection> asking = new LinkedHashMap<>();
		try {
			long pause = MIN_POLL_NANOS;
			while (true) {
				connect(confirmed, asking, behind);
				ask(asking, position, required, confirmed, behind);
				long remaining = deadline - System.nanoTime();
				if (confirmed.size() >= required || remaining <= 0) {
					break;
				}
				LockSupport.parkNanos(Math.min(remaining, pause));
				pause = Math.min(pause * 2, MAX_POLL_NANOS);
			}
		}
		finally {
			asking.forEach(GuardedTarget::releaseUnused);
		}
		if (confirmed.size() < required) {
			throw timedOut(position, required, timeout, method, confirmed, behind);
		}
	}

	/**
	 * A connection to each replica neither confirmed nor asked yet whose health lets one be taken
	 * now: one out of rotation may come back before the time is up.
	 */
	private void connect(List<String> confirmed, Map<GuardedTarget, Connection> asking,
			Map<GuardedTarget, String> behind) {
		for (GuardedTarget replica : this.replicas) {
			if (confirmed.contains(replica.name()) || asking.containsKey(replica)) {
				continue;
			}
			try {
				Connection connection = replica.tryConnect();
				if (connection != null) {
					asking.put(replica, connection);
				}
				else {
					behind.put(replica, replica.health().describe());
				}
			}
			catch (SQLException ex) {
				behind.put(replica, "no connection: " + JdbcUrls.reduceWithin(ex.getMessage()));
			}
		}
	}

	/** Ask each replica how far it has replayed, until enough have the position. */
	private void ask(Map<GuardedTarget, Connection> asking, long position, int required, List<String> confirmed,
			Map<GuardedTarget, String> behind) {
		Iterator<Map.Entry<GuardedTarget, Connection>> iterator = asking.entrySet().iterator();
		while (iterator.hasNext() && confirmed.size() < required) {
			Map.Entry<GuardedTarget, Connection> entry = iterator.next();
			GuardedTarget replica = entry.getKey();
			try {
				long replayed = this.positions.replayedPosition(entry.getValue());
				replica.health().recordPosition(replayed, Long.MIN_VALUE);
				if (replayed < position) {
					behind.put(replica, "replayed up to " + replayed);
					continue;
				}
				confirmed.add(replica.name());
				behind.remove(replica);
			}
			catch (SQLException ex) {
				behind.put(replica, "could not say: " + JdbcUrls.reduceWithin(ex.getMessage()));
			}
			replica.releaseUnused(entry.getValue());
			iterator.remove();
		}
	}

	private ReplicationTimeoutException timedOut(long position, int required, Duration timeout, String method,
			List<String> confirmed, Map<GuardedTarget, String> behind) {
		List<String> others = new ArrayList<>();
		behind.forEach((replica, why) -> others.add(replica.name() + ": " + why));
		String message = "The write of " + method + " is committed on the primary (log position " + position
				+ "), but only " + confirmed.size() + " of the " + required + " replica(s) @AwaitReplication asks for "
				+ "confirmed replaying it within " + timeout.toMillis() + " ms" + (confirmed.isEmpty() ? "" : " ("
						+ String.join(", ", confirmed) + ")")
				+ (others.isEmpty() ? "" : "; " + String.join("; ", others))
				+ ". Do not retry the write as if it had failed; reads on replicas may not see it yet.";
		return new ReplicationTimeoutException(message, required, confirmed);
	}

}
