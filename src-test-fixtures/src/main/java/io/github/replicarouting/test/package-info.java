/**
 * What the fixtures offer whatever the database: {@link io.github.replicarouting.test.ReplicatedCluster},
 * a real primary with replicas and one set of controls, its
 * {@link io.github.replicarouting.test.ClusterNode nodes} and
 * {@link io.github.replicarouting.test.ClusterBuilder builder}, the routing assertions
 * ({@link io.github.replicarouting.test.RoutingRecorder},
 * {@link io.github.replicarouting.test.RoutingAssertions}) and
 * {@link io.github.replicarouting.test.TcpProxy} for hung replicas. Each database has a package
 * of its own: {@code postgresql}, {@code mariadb}.
 */
@NullMarked
package io.github.replicarouting.test;

import org.jspecify.annotations.NullMarked;
