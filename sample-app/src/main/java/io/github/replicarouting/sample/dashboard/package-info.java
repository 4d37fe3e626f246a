/**
 * Dashboards: edited on the primary, viewed on the replicas.
 */
@NullMarked
package io.github.replicarouting.sample.dashboard;

import org.jspecify.annotations.NullMarked;
