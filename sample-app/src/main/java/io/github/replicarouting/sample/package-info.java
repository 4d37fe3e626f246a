/**
 * The sample application: a small analytics product whose writes go to the primary and whose
 * dashboards, charts and reports are read on the replicas.
 */
@NullMarked
package io.github.replicarouting.sample;

import org.jspecify.annotations.NullMarked;
