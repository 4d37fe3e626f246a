package io.github.replicarouting.test.mariadb;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.ReplicatedCluster;

/**
 * {@link FollowModeScenarios} on MariaDB.
 */
@ReplicatedMariaDbTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.failover.mode=follow", "replica-routing.failover.confirmations=2",
				"replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.max-replication-lag=2s",
				"replica-routing.primary.hikari.connection-timeout=2000" })
@DirtiesContext
class MariaDbFollowModeIT extends FollowModeScenarios {

	@Override
	protected ReplicatedCluster<?> cluster() {
		return ReplicatedMariaDb.forTestClass(getClass());
	}

}
