package io.github.replicarouting.test.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.Db;
import io.github.replicarouting.test.TcpProxy;
import io.github.replicarouting.test.chaos.Users.Operation;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults on a schedule under a steady load of simulated users, each writing a row, reading it
 * back inside {@code @ReadYourWrites} and running plain reads: a replica killed and restarted,
 * lagging beyond the maximum, every replica stopped at once, and a replica behind a network
 * partition (a proxy that stops forwarding, so connections hang instead of failing). Each
 * scenario prints one summary line and holds the router to its guarantees: no acknowledged write
 * lost, no stale read inside {@code @ReadYourWrites}, no error for a read that started after the
 * fault was detected, exclusion and readmission within the configured intervals, and no thread
 * or connection left behind.
 */
@SpringBootTest(classes = ChaosTestApplication.class,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.health.circuit-breaker.wait-duration-in-open-state=2s",
				"replica-routing.health.circuit-breaker.permitted-number-of-calls-in-half-open-state=2",
				"replica-routing.max-replication-lag=2s", "replica-routing.read-your-writes.mode=causal",
				"replica-routing.read-your-writes.max-wait=100ms",
				"replica-routing.replicas.replica-1.hikari.connection-timeout=2000",
				"replica-routing.replicas.replica-2.hikari.connection-timeout=2000",
				"replica-routing.primary.hikari.maximum-pool-size=16" })
@ReplicatedPostgresTest(replicas = 2, registerProperties = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class ChaosIT {

	private static final int USERS = 8;

	private static final Duration FAULT_AT = Duration.ofSeconds(2);

	private static final Duration RECOVER_AT = Duration.ofSeconds(7);

	private static final Duration RUN_AT_LEAST = Duration.ofSeconds(12);

	/** probe-interval + probe-timeout, plus a margin for a loaded 2-core machine. */
	private static final Duration EXCLUDE_WITHIN = Duration.ofMillis(500 + 1000 + 1500);

	/**
	 * From the moment the fault has cleared (the servers answer again): the breaker's wait, two
	 * half-open probes and a margin. Measured from then rather than from the start of the repair,
	 * so that how long the fixture takes to restart servers on a loaded machine is not counted.
	 */
	private static final Duration READMIT_WITHIN = Duration.ofSeconds(2 + 1 + 5);

	// A replica's in-flight query on a partitioned connection is bounded by the driver's socket
	// timeout: a setting of the application, recommended in the README.
	private static final String TIMEOUTS = "?socketTimeout=3&connectTimeout=2&loginTimeout=2";

	private static TcpProxy partition;

	@Autowired
	Workload workload;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	ReplicaRoutingDataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	private static ReplicatedPostgres cluster() {
		return ReplicatedPostgres.forTestClass(ChaosIT.class);
	}

	@DynamicPropertySource
	static void routing(DynamicPropertyRegistry registry) {
		ReplicatedPostgres cluster = cluster();
		try {
			partition = TcpProxy.forward(cluster.replica("replica-2").port());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		registry.add("replica-routing.primary.url", () -> cluster.primary().jdbcUrl());
		registry.add("replica-routing.primary.username", () -> cluster.primary().username());
		registry.add("replica-routing.primary.password", () -> cluster.primary().password());
		registry.add("replica-routing.replicas.replica-1.url", () -> cluster.replica("replica-1").jdbcUrl() + TIMEOUTS);
		registry.add("replica-routing.replicas.replica-2.url",
				() -> "jdbc:postgresql://127.0.0.1:" + partition.port() + "/postgres" + TIMEOUTS);
	}

	@BeforeAll
	static void createTable(ReplicatedPostgres cluster) {
		Db.execute(cluster.primary(), "create table if not exists chaos_write (id bigint primary key)");
		cluster.awaitAllReplicated();
	}

	@AfterAll
	static void closeProxy() {
		if (partition != null) {
			partition.close();
		}
	}

	@Test
	@Order(1)
	void killedReplicaIsExcludedAndReadmitted() throws Exception {
		run("kill replica-1, restart it", Set.of("replica-1"), () -> cluster().kill("replica-1"),
				() -> cluster().start("replica-1"));
	}

	@Test
	@Order(2)
	void lagBeyondTheMaximumIsExcludedAndReadmitted() throws Exception {
		run("pause replay on replica-1 beyond max lag, resume", Set.of("replica-1"),
				() -> cluster().pauseReplication("replica-1"), () -> cluster().resumeReplication("replica-1"));
	}

	@Test
	@Order(3)
	void allReplicasDownFallsBackToPrimary() throws Exception {
		run("stop every replica at once, start them", Set.of("replica-1", "replica-2"), () -> {
			cluster().stop("replica-1");
			cluster().stop("replica-2");
		}, () -> {
			cluster().start("replica-1");
			cluster().start("replica-2");
		});
	}

	@Test
	@Order(4)
	void partitionedReplicaIsExcludedWithinTheTimeouts() throws Exception {
		run("network partition of replica-2 (connections hang), heal it", Set.of("replica-2"), partition::blackhole,
				partition::restore);
	}

	private void run(String scenario, Set<String> faulty, Fault inject, Fault recover) throws Exception {
		awaitAllUp();
		for (int i = 0; i < 20; i++) {
			// Every pool started, so that their threads count in the baseline.
			this.workload.count();
		}
		int baselineThreads = threads();
		long started = System.nanoTime();
		Users users = new Users(USERS, this.workload);
		try (users; FaultWatch watch = new FaultWatch(this.monitor, faulty)) {
			pauseUntil(started + FAULT_AT.toNanos());
			watch.faultInjected(System.nanoTime());
			inject.run();
			await("exclusion").atMost(EXCLUDE_WITHIN.plusSeconds(5)).until(watch::excluded);
			pauseUntil(started + RECOVER_AT.toNanos());
			recover.run();
			watch.recovered(System.nanoTime());
			await("readmission").atMost(READMIT_WITHIN.plusSeconds(10)).until(watch::readmitted);
			pauseUntil(started + RUN_AT_LEAST.toNanos());
			users.close();
			report(scenario, users.operations(), users.acknowledgedWrites(), watch, baselineThreads);
		}
	}

	/**
	 * Let the load run until {@code deadline}: a bounded wait on the clock, not a sleep to wait
	 * for something.
	 */
	private static void pauseUntil(long deadline) {
		Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
		await().pollDelay(remaining).atMost(remaining.plusSeconds(1)).until(() -> true);
	}

	private void report(String scenario, List<Operation> operations, List<Long> acknowledged, FaultWatch watch,
			int baselineThreads) {
		// Every write the callers saw commit is on the primary.
		Set<Long> onPrimary = new HashSet<>(this.jdbc.queryForList("select id from chaos_write", Long.class));
		long lost = acknowledged.stream().filter((id) -> !onPrimary.contains(id)).count();
		long stale = operations.stream().filter(Operation::stale).count();
		long detectedAt = watch.excludedAt();
		long readOnly = operations.stream().filter(Operation::readOnly).count();
		long afterDetection = operations.stream()
			.filter((op) -> op.readOnly() && op.startNanos() >= detectedAt)
			.count();
		long errorsAfterDetection = operations.stream()
			.filter((op) -> op.readOnly() && op.startNanos() >= detectedAt && op.failure() != null)
			.count();
		long errorsInFlight = operations.stream()
			.filter((op) -> op.readOnly() && op.startNanos() < detectedAt && op.failure() != null)
			.count();
		long writeErrors = operations.stream().filter((op) -> !op.readOnly() && op.failure() != null).count();
		Duration exclusion = Duration.ofNanos(detectedAt - watch.injectedAt());
		Duration readmission = Duration.ofNanos(watch.readmittedAt() - watch.recoveredAt());
		System.out.printf(
				"Chaos [%s]: %d writes acknowledged, lost %d; %d read-only transactions, stale @ReadYourWrites reads %d; "
						+ "errors: %d among reads in flight before detection, %d among %d reads started after it, "
						+ "%d on writes; excluded after %d ms, readmitted %d ms after recovery%n",
				scenario, acknowledged.size(), lost, readOnly, stale, errorsInFlight, errorsAfterDetection,
				afterDetection, writeErrors, exclusion.toMillis(), readmission.toMillis());
		assertThat(acknowledged).as("writes acknowledged during the run").isNotEmpty();
		assertThat(lost).as("acknowledged writes lost").isZero();
		assertThat(stale).as("stale reads inside @ReadYourWrites").isZero();
		assertThat(errorsAfterDetection).as("errors on reads started after the fault was detected").isZero();
		// The faults are the replicas': the primary's own probe must never take it for down.
		assertThat(writeErrors).as("errors on writes").isZero();
		assertThat(afterDetection).as("reads started after the fault was detected").isPositive();
		assertThat(exclusion).as("time to exclude").isLessThanOrEqualTo(EXCLUDE_WITHIN);
		assertThat(readmission).as("time to readmit").isLessThanOrEqualTo(READMIT_WITHIN);
		assertNoLeaks(baselineThreads);
	}

	private void assertNoLeaks(int baselineThreads) {
		await("pool connections returned").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			for (RoutingTarget target : targets()) {
				HikariPoolMXBean pool = target.unwrap(HikariDataSource.class).getHikariPoolMXBean();
				if (pool != null) {
					assertThat(pool.getActiveConnections()).as(target.name() + " active connections").isZero();
				}
			}
		});
		await("threads back to their baseline").atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(threads()).isLessThanOrEqualTo(baselineThreads + 2));
	}

	private List<RoutingTarget> targets() {
		return java.util.stream.Stream
			.concat(java.util.stream.Stream.of(this.dataSource.getPrimary()), this.dataSource.getReplicas().stream())
			.toList();
	}

	private void awaitAllUp() {
		await("every replica UP").atMost(Duration.ofSeconds(30))
			.until(() -> this.monitor.replicas().stream().allMatch((replica) -> replica.state() == ReplicaState.UP));
	}

	/**
	 * Live threads, less the load's own and the proxy's, whose lifetimes the test controls.
	 */
	private static int threads() {
		return (int) Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> !thread.getName().startsWith("tcp-proxy") && !thread.getName().equals("chaos-user"))
			.count();
	}

	@FunctionalInterface
	interface Fault {

		void run() throws Exception;

	}

	/**
	 * Watches the faulty replicas' states every few milliseconds: when all had left the rotation
	 * after the fault, and when all were back after recovery.
	 */
	private final class FaultWatch implements AutoCloseable {

		private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor((runnable) -> new Thread(runnable, "chaos-user"));

		private final ReplicaMonitor monitor;

		private final Set<String> faulty;

		private volatile long injectedAt = Long.MAX_VALUE;

		private volatile long excludedAt = Long.MAX_VALUE;

		private volatile long recoveredAt = Long.MAX_VALUE;

		private volatile long readmittedAt = Long.MAX_VALUE;

		FaultWatch(ReplicaMonitor monitor, Set<String> faulty) {
			this.monitor = monitor;
			this.faulty = faulty;
			this.timer.scheduleWithFixedDelay(this::look, 0, 10, TimeUnit.MILLISECONDS);
		}

		private void look() {
			long now = System.nanoTime();
			long out = this.faulty.stream()
				.filter((name) -> this.monitor.replica(name).orElseThrow().state() != ReplicaState.UP)
				.count();
			boolean anyOut = out > 0;
			// The fault is detected once every replica it hit is out of rotation.
			if (now >= this.injectedAt && this.excludedAt == Long.MAX_VALUE && out == this.faulty.size()) {
				this.excludedAt = now;
			}
			if (now >= this.recoveredAt && this.readmittedAt == Long.MAX_VALUE && !anyOut) {
				this.readmittedAt = now;
			}
		}

		void faultInjected(long at) {
			this.injectedAt = at;
		}

		void recovered(long at) {
			this.recoveredAt = at;
		}

		boolean excluded() {
			return this.excludedAt != Long.MAX_VALUE;
		}

		boolean readmitted() {
			return this.readmittedAt != Long.MAX_VALUE;
		}

		long injectedAt() {
			return this.injectedAt;
		}

		long excludedAt() {
			return this.excludedAt;
		}

		long recoveredAt() {
			return this.recoveredAt;
		}

		long readmittedAt() {
			return this.readmittedAt;
		}

		@Override
		public void close() {
			this.timer.shutdownNow();
		}

	}

}
