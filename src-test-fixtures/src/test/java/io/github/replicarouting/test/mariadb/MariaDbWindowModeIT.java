package io.github.replicarouting.test.mariadb;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@link ReadYourWritesScenarios} in {@code window} mode on MariaDB.
 */
@ReplicatedMariaDbTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.read-your-writes.mode=window", "replica-routing.read-your-writes.window=2s",
				"replica-routing.max-replication-lag=10m" })
@DirtiesContext
class MariaDbWindowModeIT extends ReadYourWritesScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedMariaDb.forTestClass(getClass()));
	}

	@Override
	protected String mode() {
		return "window";
	}

}
