package io.github.replicarouting.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.ReadLoad.Outcome;
import io.github.replicarouting.test.app.HealthTestApplication;
import io.github.replicarouting.test.app.ServerPorts;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every replica killed under 32 reader threads (50 ms reads) and 4 writer threads, with the
 * primary's pool at 8 and the default fallback budget (half of it, 4): the reads that fall back
 * never hold more than 4 of the primary's connections, as the primary itself counts them
 * ({@code pg_stat_activity}), every write succeeds, and the writes' median latency stays within
 * twice what it was, measured in the same test, while the replicas served the reads.
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.primary.hikari.maximum-pool-size=8",
				"replica-routing.replicas.replica-1.hikari.connection-timeout=1000",
				"replica-routing.replicas.replica-2.hikari.connection-timeout=1000" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class FallbackBudgetIT {

	private static final Duration READ = Duration.ofMillis(50);

	private static final Duration PHASE = Duration.ofSeconds(5);

	private static final String FALLBACK_READS = "select count(*) from pg_stat_activity where state = 'active' "
			+ "and pid <> pg_backend_pid() and query like '%pg_sleep%'";

	@Autowired
	ServerPorts serverPorts;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	ReplicaRoutingDataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void readsThatFallBackLeaveThePrimaryToTheWrites(ReplicatedPostgres cluster) throws Exception {
		Db.execute(cluster.primary(), "create table fallback_writes (id bigserial primary key, at timestamptz)");
		for (ReplicaHealth replica : this.monitor.replicas()) {
			await(replica.target().name() + " UP").atMost(Duration.ofSeconds(20))
				.until(replica::state, ReplicaState.UP::equals);
		}
		try (FallbackReadsOnPrimary onPrimary = new FallbackReadsOnPrimary(cluster.primary());
				WriteLoad writes = new WriteLoad(4, this::write);
				ReadLoad reads = ReadLoad.start(32, () -> this.serverPorts.slowReadOnly(READ))) {
			long baselineStart = System.nanoTime();
			await().pollDelay(PHASE).atMost(PHASE.plusSeconds(1)).until(() -> true);
			long baselineEnd = System.nanoTime();
			onPrimary.start();
			cluster.kill("replica-1");
			cluster.kill("replica-2");
			await("both replicas out of rotation").atMost(Duration.ofSeconds(10))
				.until(() -> this.monitor.replicas().stream().noneMatch(ReplicaHealth::isCandidate));
			await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
			long fallbackStart = System.nanoTime();
			await().pollDelay(PHASE).atMost(PHASE.plusSeconds(1)).until(() -> true);
			long fallbackEnd = System.nanoTime();
			reads.close();
			writes.close();
			onPrimary.close();

			List<Outcome> fallbackReads = reads.outcomes()
				.stream()
				.filter((outcome) -> outcome.start() >= fallbackStart && outcome.start() < fallbackEnd)
				.toList();
			long servedOnPrimary = fallbackReads.stream().filter((outcome) -> outcome.port() == cluster.primary().port()).count();
			long refused = fallbackReads.stream().filter(Outcome::failed).count();
			long baseline = writes.medianMicros(baselineStart, baselineEnd);
			long underFallback = writes.medianMicros(fallbackStart, fallbackEnd);
			System.out.printf("Fallback budget %d: at most %d fallback reads active on the primary (%d samples); "
					+ "in %d s of fallback %d reads served on the primary, %d refused (%d rejected in all); "
					+ "writes: %d in all, %d failed; median write latency %d us with replicas, %d us with every "
					+ "replica down; p90 %d us and %d us%n",
					this.dataSource.getFallbackBudget().orElseThrow().bulkhead().getBulkheadConfig().getMaxConcurrentCalls(),
					onPrimary.max(), onPrimary.samples(), PHASE.toSeconds(), servedOnPrimary, refused,
					this.dataSource.getFallbackBudget().orElseThrow().rejected(), writes.count(), writes.failures(),
					baseline, underFallback, writes.percentileMicros(baselineStart, baselineEnd, 0.9),
					writes.percentileMicros(fallbackStart, fallbackEnd, 0.9));

			assertThat(onPrimary.samples()).isGreaterThan(50);
			assertThat(onPrimary.max()).as("fallback reads active on the primary at once").isBetween(1, 4);
			assertThat(servedOnPrimary).as("reads served on the primary while every replica was down").isPositive();
			assertThat(writes.failures()).as("failed writes").isZero();
			assertThat(underFallback).as("median write latency with every replica down, in us")
				.isLessThanOrEqualTo(2 * baseline);
		}
	}

	private void write() {
		this.transactions.executeWithoutResult(
				(status) -> this.jdbc.update("insert into fallback_writes (at) values (now())"));
	}

	/**
	 * Steady writes, each a transaction, timed.
	 */
	private static final class WriteLoad implements AutoCloseable {

		private final ScheduledExecutorService threads;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Queue<long[]> timings = new ConcurrentLinkedQueue<>();

		private final AtomicInteger failures = new AtomicInteger();

		WriteLoad(int threads, Runnable write) {
			this.threads = Executors.newScheduledThreadPool(threads);
			for (int i = 0; i < threads; i++) {
				this.threads.scheduleWithFixedDelay(() -> {
					if (!this.running.get()) {
						return;
					}
					long start = System.nanoTime();
					try {
						write.run();
						this.timings.add(new long[] { start, System.nanoTime() - start });
					}
					catch (RuntimeException ex) {
						this.failures.incrementAndGet();
						ex.printStackTrace();
					}
				}, 0, 5, TimeUnit.MILLISECONDS);
			}
		}

		int count() {
			return this.timings.size();
		}

		int failures() {
			return this.failures.get();
		}

		long medianMicros(long from, long to) {
			return percentileMicros(from, to, 0.5);
		}

		long percentileMicros(long from, long to, double percentile) {
			long[] durations = this.timings.stream()
				.filter((timing) -> timing[0] >= from && timing[0] < to)
				.mapToLong((timing) -> timing[1])
				.sorted()
				.toArray();
			assertThat(durations).as("writes between two instants").hasSizeGreaterThan(20);
			return durations[(int) Math.min(durations.length - 1, Math.floor(durations.length * percentile))] / 1000;
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			this.threads.shutdown();
			assertThat(this.threads.awaitTermination(30, TimeUnit.SECONDS)).as("writes finished").isTrue();
		}

	}

	/**
	 * Counts, on a connection of its own to the primary every 10 ms, the reads active there (the
	 * only statements with {@code pg_sleep}), and keeps the highest count.
	 */
	private static final class FallbackReadsOnPrimary implements AutoCloseable {

		private final Connection connection;

		private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

		private final AtomicInteger max = new AtomicInteger();

		private final AtomicInteger samples = new AtomicInteger();

		FallbackReadsOnPrimary(ClusterNode primary) throws SQLException {
			this.connection = DriverManager.getConnection(primary.jdbcUrl(), primary.username(), primary.password());
		}

		void start() {
			this.sampler.scheduleWithFixedDelay(this::sample, 0, 10, TimeUnit.MILLISECONDS);
		}

		private void sample() {
			try (Statement statement = this.connection.createStatement();
					ResultSet result = statement.executeQuery(FALLBACK_READS)) {
				result.next();
				this.max.accumulateAndGet(result.getInt(1), Math::max);
				this.samples.incrementAndGet();
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		int max() {
			return this.max.get();
		}

		int samples() {
			return this.samples.get();
		}

		@Override
		public void close() throws Exception {
			this.sampler.shutdown();
			this.sampler.awaitTermination(10, TimeUnit.SECONDS);
			this.connection.close();
		}

	}

}
