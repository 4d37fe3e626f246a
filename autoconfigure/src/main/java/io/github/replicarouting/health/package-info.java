/**
 * The health of the primary and of each replica: circuit breakers fed by traffic and probes,
 * lag, role, and the replication dialects that ask each database about them.
 */
@NullMarked
package io.github.replicarouting.health;

import org.jspecify.annotations.NullMarked;
