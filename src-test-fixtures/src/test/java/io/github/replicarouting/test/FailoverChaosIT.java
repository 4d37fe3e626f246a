package io.github.replicarouting.test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.health.Failover;
import io.github.replicarouting.test.mariadb.FailoverChaosScenarios;
import io.github.replicarouting.test.mariadb.VendorTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FailoverChaosScenarios} on embedded PostgreSQL, whose positions are bytes of WAL: the
 * writes a failover lost show as a distance greater than zero, not as a count.
 */
@ReplicatedPostgresTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.failover.mode=follow", "replica-routing.failover.confirmations=2",
				"replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.max-replication-lag=2s" })
@DirtiesContext
class FailoverChaosIT extends FailoverChaosScenarios {

	@Override
	protected ReplicatedCluster<?> cluster() {
		return ReplicatedPostgres.forTestClass(getClass());
	}

	@Override
	protected void assertLostMatches(long reportedLost, int missingIds) {
		assertThat(reportedLost).as("bytes of WAL the new primary lacked").isGreaterThan(0);
	}

	@Override
	protected void assertMissingWithinReported(Failover.FailoverEvent event, int missingIds) {
		// Bytes of WAL do not count transactions: a count bounds the missing ids only when the new
		// primary had everything up to the old one's last known position.
		if (event.writesPossiblyLost() == 0) {
			assertThat((long) missingIds).as("acknowledged ids missing, against %s", event)
				.isLessThanOrEqualTo(event.writesAcknowledgedAfter());
		}
	}

}
