package io.github.replicarouting.test.mariadb;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.ReplicatedCluster;

/**
 * {@link PrimaryRoleScenarios} on MariaDB, where the demoted primary keeps running with
 * {@code read_only=1}: its pooled sessions survive the switchover unless evicted.
 */
@ReplicatedMariaDbTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.max-replication-lag=2s",
				"replica-routing.primary.hikari.maximum-pool-size=" + PrimaryRoleScenarios.POOL })
@DirtiesContext
class MariaDbPrimaryRoleIT extends PrimaryRoleScenarios {

	@Override
	protected ReplicatedCluster<?> cluster() {
		return ReplicatedMariaDb.forTestClass(getClass());
	}

}
