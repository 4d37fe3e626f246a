package io.github.replicarouting.autoconfigure;

import java.util.List;

import io.github.replicarouting.RoutingTarget;

/**
 * The primary and the replicas as configured, each with its pool: built once, for the routing
 * data source and for the monitor of their health.
 *
 * @param primary the primary
 * @param replicas the replicas, in configuration order
 */
record ReplicaRoutingTargets(RoutingTarget primary, List<RoutingTarget> replicas) {

}
