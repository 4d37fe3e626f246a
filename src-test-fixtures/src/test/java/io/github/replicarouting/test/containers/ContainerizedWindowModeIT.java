package io.github.replicarouting.test.containers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.mariadb.ReadYourWritesScenarios;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.mariadb.VendorTestApplication;

/**
 * {@link ReadYourWritesScenarios} in {@code window} mode on containers, replicas held back by
 * pausing their replay.
 */
@ContainerizedReplicatedPostgresTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.read-your-writes.mode=window", "replica-routing.read-your-writes.window=2s",
				"replica-routing.max-replication-lag=10m" })
@DirtiesContext
class ContainerizedWindowModeIT extends ReadYourWritesScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ContainerizedReplicatedPostgresExtension.cluster(getClass()));
	}

	@Override
	protected String mode() {
		return "window";
	}

}
