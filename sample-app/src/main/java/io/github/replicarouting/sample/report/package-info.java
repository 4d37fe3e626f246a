/**
 * Reports over the recorded events, read on the replicas.
 */
@NullMarked
package io.github.replicarouting.sample.report;

import org.jspecify.annotations.NullMarked;
