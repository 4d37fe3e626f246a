package io.github.replicarouting.test;

import java.time.Duration;

/**
 * What a {@linkplain ReplicatedCluster#switchover(String) switchover} or a
 * {@linkplain ReplicatedCluster#failover(String) failover} did: which node took over from which,
 * how far the new primary had come in the old primary's stream when it took over, and how long
 * it took. A write the old primary committed at a position the new primary had reached is on the
 * new primary; a write beyond it is lost: {@link #keeps(ReplicationPosition)} tells which, for a
 * position a test read after its commit.
 *
 * @param previousPrimary the name of the node that was the primary
 * @param newPrimary the name of the node that is the primary now
 * @param lastPosition the old primary's last write position the fixture could read: after a
 * switchover, where its stream ended, so every write it acknowledged lies at or before it; before
 * a failover's kill, just before it, so a write that committed during the kill may lie beyond it;
 * {@code null} when the old primary was already down
 * @param promotedPosition how far the new primary had applied the old primary's stream when it
 * was promoted: every write at or before it is on the new primary, every write beyond it is not
 * @param duration how long the switchover or failover took, until every running replica
 * replicated from the new primary
 * @param <P> the database's replication position
 */
public record PrimaryChange<P extends ReplicationPosition<P>>(String previousPrimary, String newPrimary,
		P lastPosition, P promotedPosition, Duration duration) {

	/**
	 * Whether a write the old primary committed is on the new primary.
	 * @param commitPosition the old primary's write position read after the commit, in the same
	 * session or later
	 * @return {@code true} if the new primary had reached that position when it was promoted
	 */
	public boolean keeps(P commitPosition) {
		return this.promotedPosition.isAtLeast(commitPosition);
	}

	/**
	 * Whether the old primary had written beyond what the new primary took over: writes it
	 * acknowledged may be lost. Always {@code false} after a switchover.
	 * @return {@code true} if the new primary was behind the old primary's last known position;
	 * {@code false} also when that position is unknown
	 */
	public boolean writesPossiblyLost() {
		return this.lastPosition != null && !keeps(this.lastPosition);
	}

}
