/**
 * Replica routing: {@link io.github.replicarouting.ReplicaRoutingDataSource}, which sends read-only
 * transactions to replicas and everything else to the primary, the annotations and API that
 * steer it ({@link io.github.replicarouting.UsePrimary}, {@link io.github.replicarouting.ReadYourWrites},
 * {@link io.github.replicarouting.ReplicaRouting}), read-your-writes across requests and threads,
 * and what it tells about each route ({@link io.github.replicarouting.RoutingListener}). No Spring
 * Boot dependency.
 */
@NullMarked
package io.github.replicarouting;

import org.jspecify.annotations.NullMarked;
