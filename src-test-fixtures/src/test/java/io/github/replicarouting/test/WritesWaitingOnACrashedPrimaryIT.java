package io.github.replicarouting.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.replicarouting.health.PrimaryState;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.test.app.HealthTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Writes that were already waiting for a connection from the primary's pool when it crashed, before
 * its probe found it {@code DOWN}, fail as soon as the probe does, not after the pool's connection
 * timeout: the primary's pool keeps HikariCP's default of 30 s here, as most applications do. The
 * threads that ran them are left as they were (not interrupted), and write again once the primary
 * is back.
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=2s", "replica-routing.health.probe-timeout=1s",
				"replica-routing.max-replication-lag=2s" })
@ReplicatedPostgresTest(replicas = 1)
@DirtiesContext
class WritesWaitingOnACrashedPrimaryIT {

	private static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);

	private static final int WRITERS = 4;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@BeforeAll
	static void createTable(ReplicatedPostgres cluster) {
		Db.execute(cluster.primary(), "create table writes (id serial primary key)");
	}

	@Test
	void writesWaitingForThePrimarysPoolFailOnceItsProbeFindsItDown(ReplicatedPostgres cluster) throws Exception {
		await("primary UP").atMost(Duration.ofSeconds(20)).until(() -> this.monitor.primary().state() == PrimaryState.UP);
		write();
		ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
		List<Attempt> attempts = new ArrayList<>();
		try {
			List<Future<Attempt>> started = new ArrayList<>();
			for (int i = 0; i < WRITERS; i++) {
				started.add(writers.submit(this::writeUntilRefused));
			}
			cluster.kill("primary");
			for (Future<Attempt> attempt : started) {
				attempts.add(attempt.get());
			}
			System.out.printf("primary killed under %d writers: the slowest failed write of each took %s ms (%s)%n",
					WRITERS, attempts.stream().map(Attempt::millis).toList(), attempts.get(0).failure());
		}
		finally {
			cluster.start("primary");
		}
		assertThat(attempts).allSatisfy((attempt) -> {
			assertThat(attempt.failure()).isInstanceOf(TransientDataAccessResourceException.class)
				.hasMessageContaining("primary");
			assertThat(attempt.millis()).as("slowest failed write, ms (the pool waits 30 s)")
				.isLessThan(PROBE_INTERVAL.plusSeconds(3).toMillis());
			assertThat(attempt.interruptedAfter()).as("writer thread interrupted after the failure").isFalse();
		});
		await("primary UP again").atMost(Duration.ofSeconds(30))
			.until(() -> this.monitor.primary().state() == PrimaryState.UP);
		List<Future<Boolean>> again = new ArrayList<>();
		for (int i = 0; i < WRITERS; i++) {
			again.add(writers.submit(() -> {
				write();
				return Thread.currentThread().isInterrupted();
			}));
		}
		for (Future<Boolean> write : again) {
			assertThat(write.get()).as("writer thread interrupted after writing again").isFalse();
		}
		writers.shutdown();
	}

	/**
	 * Write until routing refuses the write for the primary being down; the slowest write that
	 * failed on the way, with that refusal.
	 */
	private Attempt writeUntilRefused() {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		long slowest = 0;
		while (System.nanoTime() < deadline) {
			long start = System.nanoTime();
			Throwable failure = catchThrowable(this::write);
			long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
			if (failure != null) {
				slowest = Math.max(slowest, millis);
			}
			if (failure != null && String.valueOf(failure.getMessage()).contains("is DOWN")) {
				return new Attempt(failure, slowest, Thread.currentThread().isInterrupted());
			}
		}
		throw new AssertionError("No write was refused for the primary being DOWN within 90 s");
	}

	private void write() {
		this.transactions.executeWithoutResult((status) -> this.jdbc.update("insert into writes default values"));
	}

	private record Attempt(Throwable failure, long millis, boolean interruptedAfter) {

	}

}
