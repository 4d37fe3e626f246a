package io.github.replicarouting.test.containers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.Backend;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDb;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDbTest;
import io.github.replicarouting.test.mariadb.RoutingScenarios;
import io.github.replicarouting.test.mariadb.VendorTestApplication;

/**
 * {@link RoutingScenarios} on a containerized MariaDB primary with two replicas; each read asks
 * the server for {@code @@port}.
 */
@ReplicatedMariaDbTest(replicas = 2, backend = Backend.CONTAINERS)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE)
@DirtiesContext
class ContainerizedMariaDbRoutingIT extends RoutingScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedMariaDb.forTestClass(getClass()));
	}

}
