/**
 * Spring Boot Actuator support: the {@code replicaRouting} health contributor, the
 * {@code replicarouting} endpoint and the Micrometer metrics.
 */
@NullMarked
package io.github.replicarouting.actuate;

import org.jspecify.annotations.NullMarked;
