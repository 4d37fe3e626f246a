/**
 * Auto-configuration of the Micrometer metrics.
 */
@NullMarked
package io.github.replicarouting.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
