package io.github.replicarouting.test.readyourwrites;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.test.mariadb.Notes;
import io.github.replicarouting.test.mariadb.Pairs;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.mariadb.VendorTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The point of {@code causal} mode: with replication running, a {@code @ReadYourWrites} read
 * right after a write waits a little for a replica to replay that write instead of going to the
 * primary, as {@code window} mode does ({@link WindowModeIT}). Where each read ran is what the
 * server says ({@code inet_server_port()}), checked against what the router reported. The notes
 * are those of the vendor-neutral scenarios ({@link Notes}), not this package's.
 */
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.read-your-writes.mode=causal",
				"replica-routing.read-your-writes.max-wait=100ms" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class CausalModeWithReplayRunningIT {

	private static final int PAIRS = 500;

	@Autowired
	Notes notes;

	@BeforeEach
	void createTable(ReplicatedPostgres cluster) {
		this.notes.createTable();
		cluster.awaitAllReplicated();
	}

	@Test
	void mostReadYourWritesReadsRightAfterAWriteRunOnReplicas(ReplicatedPostgres cluster) {
		ReplicatedDatabase database = ReplicatedDatabase.of(cluster);

		Pairs pairs = Pairs.run(PAIRS, 2, Duration.ofSeconds(60), this.notes, this.notes::readYourWrites);

		System.out.println(pairs.summary("causal mode, replay running, @ReadYourWrites", database.replicaPorts()));
		assertThat(pairs.staleReads()).isZero();
		assertThat(pairs.servedBy(database.replicaPorts())).as("reads served by replicas")
			.isGreaterThanOrEqualTo(PAIRS * 90L / 100);
		assertThat(pairs.decisionsOtherThan(RoutingReason.READ_YOUR_WRITES)).isEmpty();
		assertThat(pairs.misreported(database.portsByTarget())).as("reads the router reported elsewhere")
			.isEmpty();
	}

}
