package io.github.replicarouting.test.containers;

import io.github.replicarouting.test.Backend;
import io.github.replicarouting.test.drills.MariaDbDrillsIT;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDbTest;

/**
 * The drills of {@code MariaDbDrillsIT} on containers: a switchover, failovers and a rejoin, with
 * the same meaning as on the embedded backend. Image and network mode come from the environment
 * (CI: the locally built image with host networking).
 */
@ReplicatedMariaDbTest(replicas = 2, backend = Backend.CONTAINERS)
class ContainerizedMariaDbDrillsIT extends MariaDbDrillsIT {

}
