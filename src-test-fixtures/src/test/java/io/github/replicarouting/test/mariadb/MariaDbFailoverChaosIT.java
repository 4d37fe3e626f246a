package io.github.replicarouting.test.mariadb;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.health.Failover;
import io.github.replicarouting.test.ReplicatedCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FailoverChaosScenarios} on MariaDB in {@code failover.lost-writes: exact}: the library
 * records each acknowledged write transaction's own GTID ({@code @@last_gtid}), so the writes a
 * failover lost are the acknowledged ids missing on the new primary, exactly.
 */
@ReplicatedMariaDbTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.failover.mode=follow", "replica-routing.failover.confirmations=2",
				"replica-routing.failover.lost-writes=exact", "replica-routing.health.probe-interval=500ms",
				"replica-routing.health.probe-timeout=1s", "replica-routing.max-replication-lag=2s",
				"logging.level.io.github.replicarouting.health.WriteLedger=debug" })
@DirtiesContext
class MariaDbFailoverChaosIT extends FailoverChaosScenarios {

	@Override
	protected ReplicatedCluster<?> cluster() {
		return ReplicatedMariaDb.forTestClass(getClass());
	}

	@Override
	protected void assertLostMatches(long reportedLost, int missingIds) {
		assertThat(reportedLost).as("acknowledged writes the new primary lacked").isEqualTo(missingIds);
	}

	/**
	 * Every write is counted one by one, except one whose commit the crash acknowledged before
	 * the library could read its GTID: at most one per writer, and then reported as unknown.
	 */
	@Override
	protected void assertMissingWithinReported(Failover.FailoverEvent event, int missingIds) {
		assertThat(event.exact()).as("counted one by one, in %s", event).isTrue();
		assertThat(event.writesAcknowledgedAfter()).as("acknowledged writes whose GTID is unknown, in %s", event)
			.isLessThanOrEqualTo(WRITERS);
		if (event.writesAcknowledgedAfter() == 0) {
			assertThat((long) missingIds).as("acknowledged ids missing, against %s", event)
				.isEqualTo(event.writesPossiblyLost());
		}
		else {
			assertThat((long) missingIds).as("acknowledged ids missing, against %s", event)
				.isBetween(event.writesPossiblyLost(), event.writesPossiblyLost() + event.writesAcknowledgedAfter());
		}
	}

}
