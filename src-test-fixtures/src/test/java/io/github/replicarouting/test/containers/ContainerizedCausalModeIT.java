package io.github.replicarouting.test.containers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.Backend;
import io.github.replicarouting.test.mariadb.ReadYourWritesScenarios;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.mariadb.VendorTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

/**
 * {@link ReadYourWritesScenarios} in {@code causal} mode on containers: no paused replica reaches
 * a write's WAL position, so each {@code @ReadYourWrites} read waits {@code max-wait} and reads
 * on the primary; none is stale.
 */
@ReplicatedPostgresTest(replicas = 2, backend = Backend.CONTAINERS)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.read-your-writes.mode=causal", "replica-routing.read-your-writes.max-wait=50ms",
				"replica-routing.max-replication-lag=10m" })
@DirtiesContext
class ContainerizedCausalModeIT extends ReadYourWritesScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedPostgres.forTestClass(getClass()));
	}

	@Override
	protected String mode() {
		return "causal";
	}

}
