package io.github.replicarouting.test.readyourwrites;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.mariadb.ReadYourWritesScenarios;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.mariadb.VendorTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

/**
 * {@link ReadYourWritesScenarios} in {@code causal} mode under real replication lag: no replica
 * reaches a write's position while replay is paused, so each {@code @ReadYourWrites} read waits
 * {@code max-wait} (short here, to keep a thousand pairs quick) and reads on the primary; none is
 * stale.
 */
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.read-your-writes.mode=causal", "replica-routing.read-your-writes.max-wait=20ms",
				"replica-routing.max-replication-lag=10m" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class CausalModeUnderLagIT extends ReadYourWritesScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedPostgres.forTestClass(getClass()));
	}

	@Override
	protected String mode() {
		return "causal";
	}

	@Override
	protected int pairCount() {
		return 1000;
	}

}
