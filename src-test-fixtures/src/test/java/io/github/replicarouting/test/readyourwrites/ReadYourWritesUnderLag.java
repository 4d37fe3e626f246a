package io.github.replicarouting.test.readyourwrites;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.test.ReplicatedPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read-your-writes guarantee under real replication lag, whatever the mode: with replay
 * paused on every replica, a replica misses every write made since, so a read that sees its own
 * write proves it was routed where that write was. The same pairs without
 * {@code @ReadYourWrites} show that a stale read would be seen. Subclasses choose the mode.
 */
abstract class ReadYourWritesUnderLag {

	static final int PAIRS = 1000;

	static final int THREADS = 4;

	static final Duration PAIRS_TIMEOUT = Duration.ofSeconds(60);

	@Autowired
	Notes notes;

	/** The mode, for the summary lines. */
	abstract String mode();

	@BeforeEach
	void createTable(ReplicatedPostgres cluster) {
		this.notes.createTable();
		cluster.awaitAllReplicated();
	}

	@AfterEach
	void resumeReplay(ReplicatedPostgres cluster) {
		Cluster.resumeReplay(cluster);
	}

	@Test
	void withReplayPausedEveryReadYourWritesReadSeesItsWrite(ReplicatedPostgres cluster) {
		Cluster.pauseReplay(cluster);

		Pairs pairs = Pairs.run(PAIRS, THREADS, PAIRS_TIMEOUT, this.notes, this.notes::readYourWrites);

		System.out.println(pairs.summary(mode() + " mode, replay paused, @ReadYourWrites",
				Cluster.replicaPorts(cluster)));
		assertThat(pairs.count()).isEqualTo(PAIRS);
		assertThat(pairs.staleReads()).as("stale reads inside @ReadYourWrites").isZero();
		assertThat(pairs.decisionsOtherThan(RoutingReason.READ_YOUR_WRITES)).isEmpty();
		assertThat(pairs.misreported(Cluster.portsByTarget(cluster))).as("reads the router reported elsewhere")
			.isEmpty();
	}

	@Test
	void withReplayPausedTheSamePairsWithoutReadYourWritesReadStaleOnReplicas(ReplicatedPostgres cluster) {
		Cluster.pauseReplay(cluster);

		Pairs pairs = Pairs.run(PAIRS, THREADS, PAIRS_TIMEOUT, this.notes, this.notes::read);

		System.out.println(pairs.summary(mode() + " mode, replay paused, without @ReadYourWrites",
				Cluster.replicaPorts(cluster)));
		assertThat(pairs.staleReads()).as("stale reads without @ReadYourWrites").isPositive();
		assertThat(pairs.servedBy(Cluster.replicaPorts(cluster))).as("reads served by replicas").isPositive();
		assertThat(pairs.decisionsOtherThan(RoutingReason.READ_ONLY)).isEmpty();
	}

}
