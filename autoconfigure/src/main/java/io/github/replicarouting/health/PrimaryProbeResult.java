package io.github.replicarouting.health;

import org.jspecify.annotations.Nullable;

/**
 * What one probe learned from the primary: that it answered, whether it takes writes, where its
 * log is, and which server answered.
 *
 * @param writable whether it takes writes: not in recovery, not read-only
 * @param position the primary's current log position, in the database's position units, or
 * {@code null} when the database has none or the node does not take writes
 * @param identity which server answered, as it reports itself
 * ({@link ReplicationDialect#serverIdentity}), or {@code null} when unknown
 */
record PrimaryProbeResult(boolean writable, @Nullable Long position, @Nullable String identity) {

}
