package io.github.replicarouting.test.mariadb;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.RoutingReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReadYourWritesScenarios} in {@code causal} mode on MariaDB, where positions are GTIDs
 * ({@code @@gtid_binlog_pos} after a write, {@code @@gtid_slave_pos} on the replica). A held-back
 * replica never reaches a write's GTID, so each {@code @ReadYourWrites} read waits
 * {@code max-wait} and reads on the primary. With replication running, the same reads are served
 * by replicas that have applied the write: proof that the GTIDs, not a blanket fallback, decide.
 */
@ReplicatedMariaDbTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.read-your-writes.mode=causal", "replica-routing.read-your-writes.max-wait=50ms",
				"replica-routing.max-replication-lag=10m" })
@DirtiesContext
class MariaDbCausalModeIT extends ReadYourWritesScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedMariaDb.forTestClass(getClass()));
	}

	@Override
	protected String mode() {
		return "causal";
	}

	@Test
	void withReplicationRunningReadYourWritesReadsAreServedByReplicasThatHaveTheWrite() {
		ReplicatedDatabase database = database();

		Pairs pairs = Pairs.run(pairCount(), THREADS, PAIRS_TIMEOUT, this.notes, this.notes::readYourWrites);

		System.out.println(pairs.summary(database.vendor() + ", causal mode, replication running, @ReadYourWrites",
				database.replicaPorts()));
		assertThat(pairs.staleReads()).as("stale reads inside @ReadYourWrites").isZero();
		assertThat(pairs.servedBy(database.replicaPorts())).as("reads served by replicas that caught up").isPositive();
		assertThat(pairs.decisionsOtherThan(RoutingReason.READ_YOUR_WRITES)).isEmpty();
		assertThat(pairs.misreported(database.portsByTarget())).isEmpty();
	}

}
