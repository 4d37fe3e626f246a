package io.github.replicarouting.test.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.github.replicarouting.ReplicationPositions;
import io.github.replicarouting.health.DetectingReplicationPositions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Causal read-your-writes under a burst of concurrent writes, whatever the vendor: each of
 * {@value #WRITERS} threads writes a note in a scope of its own, all at once, then reads it back
 * inside {@code @ReadYourWrites}. The writes read no log position at all (the positions read on
 * the writers' threads are counted); the reads after them share one read of the primary's
 * position, and each still sees its write, on the primary while the replicas are held back and on
 * replicas that have it once replication runs.
 */
public abstract class WriteBurstScenarios {

	/** How many threads write at once. */
	protected static final int WRITERS = 32;

	@Autowired
	protected Notes notes;

	@Autowired
	private CountingPositions positions;

	private boolean heldBack;

	protected abstract ReplicatedDatabase database();

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
	void withReplicasHeldBackABurstOfWritesReadsNoPositionAndEveryReadSeesItsWrite() throws Exception {
		ReplicatedDatabase database = database();
		this.heldBack = true;
		database.holdBackReplicas();

		Burst burst = burst("held back");

		assertThat(burst.positionsReadByWrites()).as("positions read by %d writes", WRITERS).isZero();
		assertThat(burst.staleReads()).as("stale reads inside @ReadYourWrites").isZero();
		assertThat(burst.positionsReadByReads() - burst.servedBy(database.primaryPort()))
			.as("positions of writes read for %d reads (besides one per read on the primary, for monotonic reads)",
					WRITERS)
			.isBetween(0, 2);
	}

	@Test
	void withReplicationRunningABurstOfWritesSharesOnePositionReadAndReadsLandOnReplicasThatHaveThem()
			throws Exception {
		ReplicatedDatabase database = database();

		Burst burst = burst("replication running");

		assertThat(burst.positionsReadByWrites()).as("positions read by %d writes", WRITERS).isZero();
		assertThat(burst.staleReads()).as("stale reads inside @ReadYourWrites").isZero();
		assertThat(database.replicaPorts().stream().mapToInt(burst::servedBy).sum()).as("reads served by replicas")
			.isPositive();
		assertThat(burst.positionsReadByReads() - burst.servedBy(database.primaryPort()))
			.as("positions of writes read for %d reads (besides one per read on the primary, for monotonic reads)",
					WRITERS)
			.isBetween(0, 2);
	}

	/**
	 * Every writer writes at once; once all have committed, every writer reads its note back.
	 */
	private Burst burst(String label) throws Exception {
		CyclicBarrier start = new CyclicBarrier(WRITERS);
		CyclicBarrier written = new CyclicBarrier(WRITERS, () -> this.positions.phase.set(READS));
		this.positions.reset();
		List<FutureTask<Notes.Read>> reads = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < WRITERS; i++) {
			String body = "burst " + label + " " + i + " " + System.nanoTime();
			FutureTask<Notes.Read> task = new FutureTask<>(() -> {
				start.await(30, TimeUnit.SECONDS);
				long id = this.notes.write(body);
				written.await(30, TimeUnit.SECONDS);
				Notes.Read read = this.notes.readYourWrites(id);
				return read.sees(body) ? read : new Notes.Read(null, read.port(), read.decision());
			});
			reads.add(task);
			Thread thread = new Thread(task, COUNTED_THREADS + i);
			threads.add(thread);
			thread.start();
		}
		List<Notes.Read> results = new ArrayList<>();
		for (FutureTask<Notes.Read> read : reads) {
			results.add(read.get(60, TimeUnit.SECONDS));
		}
		for (Thread thread : threads) {
			thread.join(Duration.ofSeconds(10).toMillis());
		}
		Burst burst = new Burst(results, this.positions.byWrites.get(), this.positions.byReads.get());
		System.out.printf("%s, %s: %d concurrent writes read %d primary positions; their %d @ReadYourWrites reads "
				+ "read %d, %d of them served by the primary, %d stale%n", database().vendor(), label, WRITERS,
				burst.positionsReadByWrites(), results.size(), burst.positionsReadByReads(),
				burst.servedBy(database().primaryPort()), burst.staleReads());
		return burst;
	}

	private static final String COUNTED_THREADS = "burst-";

	private static final int WRITES = 0;

	private static final int READS = 1;

	/**
	 * What one burst saw.
	 */
	private record Burst(List<Notes.Read> reads, int positionsReadByWrites, int positionsReadByReads) {

		long staleReads() {
			return this.reads.stream().filter((read) -> read.body() == null).count();
		}

		int servedBy(int port) {
			return (int) this.reads.stream().filter((read) -> read.port() == port).count();
		}

	}

	/**
	 * The positions of the database as the auto-configuration reads them, counting the
	 * primary's positions read on the burst's threads, by phase.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	public static class CountingPositionsConfiguration {

		@Bean
		CountingPositions countingReplicationPositions() {
			return new CountingPositions(new DetectingReplicationPositions(true));
		}

	}

	static final class CountingPositions implements ReplicationPositions {

		private final ReplicationPositions delegate;

		final AtomicInteger phase = new AtomicInteger();

		final AtomicInteger byWrites = new AtomicInteger();

		final AtomicInteger byReads = new AtomicInteger();

		CountingPositions(ReplicationPositions delegate) {
			this.delegate = delegate;
		}

		void reset() {
			this.phase.set(WRITES);
			this.byWrites.set(0);
			this.byReads.set(0);
		}

		@Override
		public long currentPosition(Connection primary) throws SQLException {
			if (Thread.currentThread().getName().startsWith(COUNTED_THREADS)) {
				((this.phase.get() == WRITES) ? this.byWrites : this.byReads).incrementAndGet();
			}
			return this.delegate.currentPosition(primary);
		}

		@Override
		public long replayedPosition(Connection replica) throws SQLException {
			return this.delegate.replayedPosition(replica);
		}

		@Override
		public boolean hasPositions(Connection connection) throws SQLException {
			return this.delegate.hasPositions(connection);
		}

	}

}
