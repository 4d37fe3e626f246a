package io.github.replicarouting.test.containers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.mariadb.RoutingScenarios;
import io.github.replicarouting.test.mariadb.VendorTestApplication;

/**
 * {@link RoutingScenarios} on a containerized MariaDB primary with two replicas; each read asks
 * the server for {@code @@port}.
 */
@ContainerizedReplicatedMariaDbTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE)
@DirtiesContext
class ContainerizedMariaDbRoutingIT extends RoutingScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ContainerizedReplicatedMariaDbExtension.cluster(getClass()));
	}

}
