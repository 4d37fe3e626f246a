package io.github.replicarouting.test.mariadb;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.health.Failover;
import io.github.replicarouting.test.ReplicatedCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FailoverChaosScenarios} on MariaDB in {@code failover.lost-writes: bounds} (the default),
 * whose positions are GTID sequence numbers: the writes a failover lost lie between the
 * transactions the new primary was behind the old one's last probed position and those plus the
 * writes acknowledged after that probe.
 */
@ReplicatedMariaDbTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.failover.mode=follow", "replica-routing.failover.confirmations=2",
				"replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.max-replication-lag=2s" })
@DirtiesContext
class MariaDbFailoverChaosBoundsIT extends FailoverChaosScenarios {

	@Override
	protected ReplicatedCluster<?> cluster() {
		return ReplicatedMariaDb.forTestClass(getClass());
	}

	@Override
	protected void assertLostMatches(long reportedLost, int missingIds) {
		assertThat(reportedLost).as("transactions the new primary lacked").isEqualTo(missingIds);
	}

	@Override
	protected void assertMissingWithinReported(Failover.FailoverEvent event, int missingIds) {
		assertThat(event.exact()).as("bounded from log positions, in %s", event).isFalse();
		assertThat((long) missingIds).as("acknowledged ids missing, against %s", event)
			.isBetween(event.writesPossiblyLost(), event.writesPossiblyLost() + event.writesAcknowledgedAfter());
	}

}
