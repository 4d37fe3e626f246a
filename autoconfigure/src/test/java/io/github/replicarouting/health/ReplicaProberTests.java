package io.github.replicarouting.health;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.AbstractDataSource;

import io.github.replicarouting.MutableClock;
import io.github.replicarouting.ReplicationPositions;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.health.ReplicaProber.ConnectionFactory;
import io.github.replicarouting.health.ReplicaProber.ProbeTarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Probe rounds over H2: the primary is probed on a connection of its own, never from its pool,
 * in the same round as the replicas; a target that hangs holds one thread and is not probed
 * again until it returns; and a lag that cannot be measured is unknown.
 */
class ReplicaProberTests {

	// Long enough for a cold JVM to open an H2 connection: a round that times out changes what it tests.
	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final String database = "jdbc:h2:mem:prober-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private final MutableClock clock = new MutableClock();

	/** Fails the test if anything takes a connection from a pool: probes have their own. */
	private final AbstractDataSource noPool = new AbstractDataSource() {

		@Override
		public Connection getConnection() {
			throw new AssertionError("A probe took a connection from the application's pool");
		}

		@Override
		public Connection getConnection(String username, String password) {
			throw new AssertionError("A probe took a connection from the application's pool");
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

	};

	private final PrimaryHealth primary = new PrimaryHealth(new RoutingTarget("primary", this.noPool, "jdbc:h2:mem:p", 1), () -> { });

	private final ReplicaHealth replica = new ReplicaHealth(new RoutingTarget("replica-1", this.noPool, "jdbc:h2:mem:r", 1),
			CircuitBreaker.ofDefaults("replica-routing.replica-1"), Duration.ofSeconds(5), () -> {
			});

	private final AtomicInteger primaryConnects = new AtomicInteger();

	private ReplicaProber prober;

	@AfterEach
	void close() {
		if (this.prober != null) {
			this.prober.close();
		}
	}

	@Test
	void primaryPositionIsReadOnItsOwnConnectionInEveryRoundAndPublished() {
		AtomicInteger reads = new AtomicInteger();
		this.prober = prober(this::connectPrimary, positions(() -> 40L + reads.incrementAndGet()));

		for (int i = 0; i < 3; i++) {
			this.prober.probeNow();
		}

		assertThat(reads).hasValue(3);
		assertThat(this.primaryConnects).as("probe connections opened to the primary").hasValue(1);
		assertThat(this.primary.replayedPosition()).isEqualTo(43);
		assertThat(this.primary.state()).isEqualTo(PrimaryState.UP);
		assertThat(this.replica.state()).isEqualTo(ReplicaState.UP);
	}

	@Test
	void hangingPrimaryHoldsOneThreadIsDownAfterTwoRoundsAndUpOnceItAnswers() {
		CountDownLatch answers = new CountDownLatch(1);
		this.prober = prober(() -> {
			this.primaryConnects.incrementAndGet();
			try {
				if (!answers.await(30, TimeUnit.SECONDS)) {
					throw new SQLNonTransientConnectionException("never answered", "08001");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SQLNonTransientConnectionException("interrupted", "08001");
			}
			return DriverManager.getConnection(this.database, "sa", "");
		}, positions(() -> 7L));

		this.prober.probeNow();
		assertThat(this.primary.state()).as("after one round without an answer").isEqualTo(PrimaryState.UP);
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			this.prober.probeNow();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(1));
			assertThat(this.primary.state()).isEqualTo(PrimaryState.DOWN);
		}
		assertThat(this.primaryConnects).as("threads spent on the hanging primary").hasValue(1);
		assertThat(this.replica.state()).as("the replica, meanwhile").isEqualTo(ReplicaState.UP);

		answers.countDown();
		awaitRoundUntil(() -> this.primary.state() == PrimaryState.UP);
		assertThat(this.primary.replayedPosition()).isEqualTo(7);
	}

	@Test
	void lagIsUnknownWhenThePrimaryPositionCouldNotBeRead() {
		ReplicaProbe probe = new ReplicaProbe(this.replica, new ProbeConnection(this::connectPrimary, 1),
				new ReplicationDialects(List.of()));
		LagTracker tracker = new LagTracker(16);
		CompletableFuture<ReplicaProbeResult> behind = CompletableFuture.completedFuture(new ReplicaProbeResult(true, 100L, null));

		probe.judge(behind, null, this.clock.millis(), tracker);
		assertThat(this.replica.state()).as("never measured").isEqualTo(ReplicaState.LAGGING);

		tracker.record(this.clock.millis(), 200L);
		this.clock.advance(Duration.ofSeconds(6));
		probe.judge(behind, 200L, this.clock.millis(), tracker);
		assertThat(this.replica.lagMillis()).isEqualTo(6000);
		assertThat(this.replica.state()).isEqualTo(ReplicaState.LAGGING);

		this.clock.advance(Duration.ofSeconds(1));
		probe.judge(behind, null, this.clock.millis(), tracker);
		assertThat(this.replica.lagMillis()).isEqualTo(-1);
		assertThat(this.replica.state()).as("unknown, last known LAGGING").isEqualTo(ReplicaState.LAGGING);
	}

	/**
	 * Probe rounds until the condition holds, bounded by time and not by a number of rounds: a
	 * round whose previous probe has not answered yet returns at once.
	 */
	private void awaitRoundUntil(java.util.function.BooleanSupplier condition) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
			this.prober.probeNow();
			return condition.getAsBoolean();
		});
	}

	private Connection connectPrimary() throws SQLException {
		this.primaryConnects.incrementAndGet();
		return DriverManager.getConnection(this.database, "sa", "");
	}

	private ReplicaProber prober(ConnectionFactory primaryConnections, ReplicationPositions positions) {
		return new ReplicaProber(new ProbeTarget<>(this.primary, primaryConnections),
				List.of(new ProbeTarget<>(this.replica, () -> DriverManager.getConnection(this.database, "sa", ""))),
				Duration.ofMillis(100), TIMEOUT, Duration.ofSeconds(5), this.clock, positions,
				new ReplicationDialects(List.of()));
	}

	private static ReplicationPositions positions(java.util.function.LongSupplier primaryPosition) {
		return new ReplicationPositions() {

			@Override
			public long currentPosition(Connection primary) {
				return primaryPosition.getAsLong();
			}

			@Override
			public long replayedPosition(Connection replica) {
				return -1;
			}

		};
	}

}
