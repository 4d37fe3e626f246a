/**
 * The {@code h2} profile: in-memory databases standing in for a replicated one.
 */
@NullMarked
package io.github.replicarouting.sample.h2;

import org.jspecify.annotations.NullMarked;
