package io.github.replicarouting.test.containers;

import io.github.replicarouting.test.Backend;
import io.github.replicarouting.test.drills.PostgresDrillsIT;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

/**
 * The drills of {@code PostgresDrillsIT} on containers: a switchover, failovers and a rejoin,
 * with the same meaning as on the embedded backend. Image and network mode come from the
 * environment (CI: the locally built image with host networking).
 */
@ReplicatedPostgresTest(replicas = 2, backend = Backend.CONTAINERS)
class ContainerizedPostgresDrillsIT extends PostgresDrillsIT {

}
