package io.github.replicarouting.test.containers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.Backend;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.mariadb.RoutingScenarios;
import io.github.replicarouting.test.mariadb.VendorTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

/**
 * {@link RoutingScenarios} on a containerized primary with two replicas; each read asks the
 * server for {@code inet_server_port()}.
 */
@ReplicatedPostgresTest(replicas = 2, backend = Backend.CONTAINERS)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE)
@DirtiesContext
class ContainerizedRoutingIT extends RoutingScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedPostgres.forTestClass(getClass()));
	}

}
