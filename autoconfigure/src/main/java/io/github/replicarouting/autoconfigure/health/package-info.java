/**
 * Auto-configuration of the Actuator health contributor and endpoint.
 */
@NullMarked
package io.github.replicarouting.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
