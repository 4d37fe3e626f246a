package io.github.replicarouting.test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.mariadb.PrimaryRoleScenarios;
import io.github.replicarouting.test.mariadb.VendorTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

/**
 * {@link PrimaryRoleScenarios} on embedded PostgreSQL, where the switchover restarts the old
 * primary as a standby.
 */
@ReplicatedPostgresTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.max-replication-lag=2s", "replica-routing.primary.hikari.maximum-pool-size=3" })
@DirtiesContext
class PrimaryRoleIT extends PrimaryRoleScenarios {

	@Override
	protected ReplicatedCluster<?> cluster() {
		return ReplicatedPostgres.forTestClass(getClass());
	}

}
