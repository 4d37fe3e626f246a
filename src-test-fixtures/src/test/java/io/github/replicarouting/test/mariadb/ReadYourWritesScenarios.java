package io.github.replicarouting.test.mariadb;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.github.replicarouting.RoutingReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read-your-writes guarantee under real replication lag, whatever the vendor and the mode:
 * with every replica held back, a replica misses every write made since, so a read that sees its
 * own write proves it was routed where that write was. The same pairs without
 * {@code @ReadYourWrites} show that a stale read would be seen. The maximum replication lag is
 * generous in the subclasses, so held-back replicas stay in rotation, where stale reads happen.
 */
public abstract class ReadYourWritesScenarios {

	protected static final int THREADS = 4;

	protected static final Duration PAIRS_TIMEOUT = Duration.ofSeconds(60);

	@Autowired
	protected Notes notes;

	private boolean heldBack;

	protected abstract ReplicatedDatabase database();

	/** The mode, for the summary lines. */
	protected abstract String mode();

	/** How many write-then-read pairs each scenario runs. */
	protected int pairCount() {
		return 200;
	}

	@BeforeEach
	void createTable() {
		this.notes.createTable();
		database().awaitAllReplicated();
	}

	@AfterEach
	void releaseReplicas() {
		if (this.heldBack) {
			database().releaseReplicas();
			this.heldBack = false;
		}
	}

	@Test
	void withReplicasHeldBackEveryReadYourWritesReadSeesItsWrite() {
		ReplicatedDatabase database = holdBackReplicas();

		Pairs pairs = Pairs.run(pairCount(), THREADS, PAIRS_TIMEOUT, this.notes, this.notes::readYourWrites);

		System.out.println(pairs.summary(database.vendor() + ", " + mode() + " mode, replicas held back, @ReadYourWrites",
				database.replicaPorts()));
		assertThat(pairs.count()).isEqualTo(pairCount());
		assertThat(pairs.staleReads()).as("stale reads inside @ReadYourWrites").isZero();
		assertThat(pairs.decisionsOtherThan(RoutingReason.READ_YOUR_WRITES)).isEmpty();
		assertThat(pairs.misreported(database.portsByTarget())).as("reads the router reported elsewhere").isEmpty();
	}

	@Test
	void withReplicasHeldBackTheSamePairsWithoutReadYourWritesReadStaleOnReplicas() {
		ReplicatedDatabase database = holdBackReplicas();

		Pairs pairs = Pairs.run(pairCount(), THREADS, PAIRS_TIMEOUT, this.notes, this.notes::read);

		System.out.println(pairs.summary(
				database.vendor() + ", " + mode() + " mode, replicas held back, without @ReadYourWrites",
				database.replicaPorts()));
		assertThat(pairs.staleReads()).as("stale reads without @ReadYourWrites").isPositive();
		assertThat(pairs.servedBy(database.replicaPorts())).as("reads served by replicas").isPositive();
		assertThat(pairs.decisionsOtherThan(RoutingReason.READ_ONLY)).isEmpty();
	}

	private ReplicatedDatabase holdBackReplicas() {
		ReplicatedDatabase database = database();
		this.heldBack = true;
		database.holdBackReplicas();
		return database;
	}

}
