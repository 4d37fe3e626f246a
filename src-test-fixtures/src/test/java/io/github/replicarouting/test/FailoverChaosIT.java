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
 * {@link FailoverChaosScenarios} on embedded PostgreSQL in {@code failover.lost-writes: exact}: the
 * library records each write transaction's id just before it commits, and asks the promoted node
 * which of those it lacks, so that the writes a failover lost are counted one by one (the WAL
 * distance the {@code bounds} report gives is in bytes, not transactions).
 */
@ReplicatedPostgresTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.failover.mode=follow", "replica-routing.failover.confirmations=2",
				"replica-routing.failover.lost-writes=exact", "replica-routing.health.probe-interval=500ms",
				"replica-routing.health.probe-timeout=1s", "replica-routing.max-replication-lag=2s",
				"logging.level.io.github.replicarouting.health.WriteLedger=debug" })
@DirtiesContext
class FailoverChaosIT extends FailoverChaosScenarios {

	@Override
	protected ReplicatedCluster<?> cluster() {
		return ReplicatedPostgres.forTestClass(getClass());
	}

	@Override
	protected void assertLostMatches(long reportedLost, int missingIds) {
		assertThat(reportedLost).as("acknowledged writes the new primary lacked").isEqualTo(missingIds);
	}

	/**
	 * A transaction's id is read before it commits: a crash that acknowledged a commit has left
	 * nothing unknown.
	 */
	@Override
	protected void assertMissingWithinReported(Failover.FailoverEvent event, int missingIds) {
		assertThat(event.exact()).as("counted one by one, in %s", event).isTrue();
		assertThat(event.writesAcknowledgedAfter()).as("acknowledged writes whose id is unknown, in %s", event).isZero();
		assertThat((long) missingIds).as("acknowledged ids missing, against %s", event)
			.isEqualTo(event.writesPossiblyLost());
	}

}
