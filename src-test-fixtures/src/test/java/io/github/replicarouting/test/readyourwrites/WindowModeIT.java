package io.github.replicarouting.test.readyourwrites;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.test.mariadb.Notes.Read;
import io.github.replicarouting.test.mariadb.Pairs;
import io.github.replicarouting.test.mariadb.ReadYourWritesScenarios;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.mariadb.VendorTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code window} mode over real replication: {@link ReadYourWritesScenarios} (no stale read under
 * lag), every {@code @ReadYourWrites} read right after a write on the primary, and back to the
 * replicas once the window has passed. The maximum replication lag is high so that paused
 * replicas stay in rotation, where a stale read can happen.
 */
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.read-your-writes.mode=window", "replica-routing.read-your-writes.window=1s",
				"replica-routing.max-replication-lag=10m" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class WindowModeIT extends ReadYourWritesScenarios {

	private static final Duration WINDOW = Duration.ofSeconds(1);

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedPostgres.forTestClass(getClass()));
	}

	@Override
	protected String mode() {
		return "window";
	}

	@Override
	protected int pairCount() {
		return 1000;
	}

	@Test
	void withReplayRunningReadYourWritesReadsRightAfterAWriteGoToThePrimary() {
		ReplicatedDatabase database = database();

		Pairs pairs = Pairs.run(200, 2, PAIRS_TIMEOUT, this.notes, this.notes::readYourWrites);

		System.out.println(pairs.summary("window mode, replay running, @ReadYourWrites", database.replicaPorts()));
		assertThat(pairs.staleReads()).isZero();
		assertThat(pairs.servedBy(Set.of(database.primaryPort()))).as("reads served by the primary")
			.isEqualTo(pairs.count());
		assertThat(pairs.decisionsOtherThan(RoutingReason.READ_YOUR_WRITES)).isEmpty();
		assertThat(pairs.misreported(database.portsByTarget())).isEmpty();
	}

	@Test
	void readYourWritesReadsReturnToReplicasOnceTheWindowHasPassed() {
		ReplicatedDatabase database = database();
		String body = "note-" + UUID.randomUUID();
		long beforeWrite = System.nanoTime();
		long id = this.notes.write(body);

		Read first = this.notes.readYourWrites(id);
		// In this thread: its scope is the one that wrote.
		Read onReplica = await("a @ReadYourWrites read served by a replica").atMost(WINDOW.multipliedBy(5))
			.pollInSameThread()
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.notes.readYourWrites(id), (read) -> database.replicaPorts().contains(read.port()));
		Duration afterWrite = Duration.ofNanos(System.nanoTime() - beforeWrite);

		System.out.println("[read-your-writes] window mode: first @ReadYourWrites read on a replica "
				+ afterWrite.toMillis() + " ms after the write (window " + WINDOW.toMillis() + " ms)");
		assertThat(first.port()).isEqualTo(database.primaryPort());
		assertThat(first.sees(body)).isTrue();
		// Less a little for the clock's millisecond resolution.
		assertThat(afterWrite).isGreaterThanOrEqualTo(WINDOW.minusMillis(5));
		assertThat(onReplica.sees(body)).isTrue();
		assertThat(onReplica.decision().reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES);
	}

}
