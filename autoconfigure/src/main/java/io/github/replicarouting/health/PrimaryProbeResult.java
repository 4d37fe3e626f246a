package io.github.replicarouting.health;

import org.jspecify.annotations.Nullable;

/**
 * What one probe learned from the primary: that it answered, and where its log is.
 *
 * @param position the primary's current log position, in the database's position units, or
 * {@code null} when the database has none
 */
record PrimaryProbeResult(@Nullable Long position) {

}
