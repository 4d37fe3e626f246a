package io.github.replicarouting.test.mariadb;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@link ReplicaKillScenarios} on MariaDB.
 */
@ReplicatedMariaDbTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.health.circuit-breaker.wait-duration-in-open-state=2s",
				"replica-routing.health.circuit-breaker.permitted-number-of-calls-in-half-open-state=2",
				"replica-routing.max-replication-lag=2s" })
@DirtiesContext
class MariaDbReplicaKillIT extends ReplicaKillScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedMariaDb.forTestClass(getClass()));
	}

}
