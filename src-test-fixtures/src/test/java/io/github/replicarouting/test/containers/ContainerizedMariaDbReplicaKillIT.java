package io.github.replicarouting.test.containers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.Backend;
import io.github.replicarouting.test.mariadb.ReplicaKillScenarios;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDb;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDbTest;
import io.github.replicarouting.test.mariadb.VendorTestApplication;

/**
 * {@link ReplicaKillScenarios} on MariaDB containers: the replica's whole container is killed
 * (SIGKILL) under load, leaves the rotation, and is readmitted after its container starts again.
 */
@ReplicatedMariaDbTest(replicas = 2, backend = Backend.CONTAINERS)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.health.circuit-breaker.wait-duration-in-open-state=2s",
				"replica-routing.health.circuit-breaker.permitted-number-of-calls-in-half-open-state=2",
				"replica-routing.max-replication-lag=2s" })
@DirtiesContext
class ContainerizedMariaDbReplicaKillIT extends ReplicaKillScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedMariaDb.forTestClass(getClass()));
	}

}
