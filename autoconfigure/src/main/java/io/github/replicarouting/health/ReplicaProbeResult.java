package io.github.replicarouting.health;

import org.jspecify.annotations.Nullable;

/**
 * What one probe learned from a replica, as its {@link ReplicationDialect} reports it: whether it
 * is read-only, how far it has replayed the primary's log, and the lag it reports itself.
 *
 * @param readOnly whether it reports itself read-only (a replica); {@code false} means it
 * could take writes and must not serve as a replica
 * @param replayedPosition how far it has replayed the primary's log, in the dialect's
 * position units, or {@code null} when the database has no such position
 * @param reportedLagMillis the lag the replica itself reports, or {@code null} when the lag is
 * to be computed from positions; {@link Long#MAX_VALUE} when replication is stopped
 */
public record ReplicaProbeResult(boolean readOnly, @Nullable Long replayedPosition, @Nullable Long reportedLagMillis) {

}
