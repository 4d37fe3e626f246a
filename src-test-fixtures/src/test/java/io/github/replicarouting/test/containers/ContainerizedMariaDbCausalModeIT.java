package io.github.replicarouting.test.containers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.Backend;
import io.github.replicarouting.test.mariadb.ReadYourWritesScenarios;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDb;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDbTest;
import io.github.replicarouting.test.mariadb.VendorTestApplication;

/**
 * {@link ReadYourWritesScenarios} in {@code causal} mode on MariaDB containers, where positions are
 * GTIDs: no held-back replica reaches a write's GTID, so each {@code @ReadYourWrites} read waits
 * {@code max-wait} and reads on the primary; none is stale.
 */
@ReplicatedMariaDbTest(replicas = 2, backend = Backend.CONTAINERS)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.read-your-writes.mode=causal", "replica-routing.read-your-writes.max-wait=50ms",
				"replica-routing.max-replication-lag=10m" })
@DirtiesContext
class ContainerizedMariaDbCausalModeIT extends ReadYourWritesScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedMariaDb.forTestClass(getClass()));
	}

	@Override
	protected String mode() {
		return "causal";
	}

}
