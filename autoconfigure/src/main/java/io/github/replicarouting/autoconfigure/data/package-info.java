/**
 * Auto-configuration of routing for Spring Data repository reads.
 */
@NullMarked
package io.github.replicarouting.autoconfigure.data;

import org.jspecify.annotations.NullMarked;
