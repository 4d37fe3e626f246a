package io.github.replicarouting.health;

/**
 * Turns log positions into replication lag in time. Each probe round records where the primary
 * was at that moment; a replica that has replayed up to position {@code R} is behind by at least
 * the time since the primary was first seen past {@code R}. This never reports lag for an idle
 * primary (unlike "now minus the last replayed transaction's time") and is exact to one probe
 * interval.
 */
final class LagTracker {

	private final long[] times;

	private final long[] positions;

	private int size;

	private int newest = -1;

	LagTracker(int capacity) {
		this.times = new long[capacity];
		this.positions = new long[capacity];
	}

	synchronized void record(long timeMillis, long primaryPosition) {
		this.newest = (this.newest + 1) % this.times.length;
		this.times[this.newest] = timeMillis;
		this.positions[this.newest] = primaryPosition;
		this.size = Math.min(this.size + 1, this.times.length);
	}

	/**
	 * The lag of a replica that has replayed up to {@code replayed}, as of {@code nowMillis}.
	 * @return the lag in milliseconds, 0 when it has everything the primary was last seen with
	 */
	synchronized long lagMillis(long replayed, long nowMillis) {
		long firstPast = -1;
		for (int i = 0; i < this.size; i++) {
			int index = Math.floorMod(this.newest - i, this.times.length);
			if (this.positions[index] <= replayed) {
				break;
			}
			firstPast = this.times[index];
		}
		return (firstPast < 0) ? 0 : Math.max(0, nowMillis - firstPast);
	}

	/**
	 * The latest time before which a replica that has replayed up to {@code replayed} provably
	 * has every write the primary committed: the newest round at whose start the primary was
	 * read at or before {@code replayed}. Unlike {@link #lagMillis}, which may be short by up to
	 * one round, this never overstates what the replica has.
	 * @return the time in epoch milliseconds, or {@link Long#MIN_VALUE} when no round recorded
	 * is that old
	 */
	synchronized long caughtUpTo(long replayed) {
		for (int i = 0; i < this.size; i++) {
			int index = Math.floorMod(this.newest - i, this.times.length);
			if (this.positions[index] <= replayed) {
				return this.times[index];
			}
		}
		return Long.MIN_VALUE;
	}

}
