package io.github.replicarouting.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.dao.DataAccessException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.github.replicarouting.NoRouteAvailableException;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.actuate.ReplicaRoutingHealthIndicator;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.ReadLoad.Outcome;
import io.github.replicarouting.test.app.HealthTestApplication;
import io.github.replicarouting.test.app.ServerPorts.Served;
import io.github.replicarouting.test.app.ServerPorts;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A replica that dies, lags or is promoted leaves the rotation by itself and comes back by
 * itself, and reads fall back to the primary when no replica is left; where each read ran is
 * checked against the server ({@code inet_server_port()}). One cluster, in order: replica-1 is
 * killed and started, replica-2 lags and catches up, replica-2 is promoted (for good), then both
 * are stopped and stay stopped for {@link WithoutFallback}.
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.health.circuit-breaker.wait-duration-in-open-state=2s",
				"replica-routing.health.circuit-breaker.permitted-number-of-calls-in-half-open-state=2",
				"replica-routing.max-replication-lag=2s" })
@ReplicatedPostgresTest(replicas = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class ReplicaHealthIT {

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

	private static final Duration MAX_LAG = Duration.ofSeconds(2);

	@Autowired
	ServerPorts serverPorts;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	RoutingStatistics statistics;

	@Autowired
	ReplicaRoutingHealthIndicator healthIndicator;

	@BeforeAll
	static void createTable(ReplicatedPostgres cluster) {
		Db.execute(cluster.primary(), "create table writes (id serial primary key, at timestamptz default now())");
	}

	@Test
	@Order(1)
	void killedReplicaLeavesRotationUnderLoadAndServesAgainAfterStart(ReplicatedPostgres cluster) {
		ReplicaHealth replica = replica("replica-1");
		int port = cluster.replica("replica-1").port();
		int otherPort = cluster.replica("replica-2").port();
		awaitState("replica-1", ReplicaState.UP, Duration.ofSeconds(10));
		awaitState("replica-2", ReplicaState.UP, Duration.ofSeconds(10));
		long killedAt;
		long killReturnedAt;
		long excludedAt;
		long restartAt;
		long startedAt;
		long readmittedAt;
		ReplicaState stateAfterKill;
		List<Outcome> outcomes;
		try (ReadLoad load = ReadLoad.start(4, this.serverPorts::readOnly)) {
			long warmUp = System.nanoTime();
			await("both replicas serve the load").atMost(Duration.ofSeconds(10))
				.until(() -> load.servedBy(port, warmUp) > 10 && load.servedBy(otherPort, warmUp) > 10);

			killedAt = System.nanoTime();
			cluster.kill("replica-1");
			killReturnedAt = System.nanoTime();
			await("replica-1 leaves the rotation").atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> !replica.isCandidate());
			excludedAt = System.nanoTime();
			stateAfterKill = replica.state();
			await("reads after the exclusion").atMost(Duration.ofSeconds(10))
				.until(() -> load.finishedStartedAfter(excludedAt) >= 200);

			restartAt = System.nanoTime();
			cluster.start("replica-1");
			startedAt = System.nanoTime();
			await("replica-1 readmitted").atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> replica.state() == ReplicaState.UP);
			readmittedAt = System.nanoTime();
			await("replica-1 serves the load again").atMost(Duration.ofSeconds(10))
				.until(() -> load.servedBy(port, readmittedAt) >= 10);
			load.close();
			outcomes = load.outcomes();
		}

		// In flight at the kill: running at some moment while the processes were being killed.
		List<Outcome> inFlightAtKill = select(outcomes,
				(outcome) -> outcome.start() < killReturnedAt && outcome.end() >= killedAt);
		List<Outcome> beforeExclusion = select(outcomes,
				(outcome) -> outcome.start() >= killReturnedAt && outcome.start() < excludedAt);
		List<Outcome> afterExclusion = select(outcomes, (outcome) -> outcome.start() >= excludedAt);
		List<Outcome> whileExcluded = select(afterExclusion, (outcome) -> outcome.start() < restartAt);
		long exclusionMillis = millis(excludedAt - killedAt);
		System.out.printf("replica-1 killed under 4 reading threads: excluded (%s) %d ms after the kill "
				+ "(bound %d ms); reads in flight at the kill: %d, failed %d; started after the kill, before exclusion: "
				+ "%d, failed %d; started after exclusion: %d, failed %d (slowest %d ms); after start, readmitted (UP) "
				+ "in %d ms%n",
				stateAfterKill, exclusionMillis, PROBE_INTERVAL.toMillis() + 1000, inFlightAtKill.size(),
				count(inFlightAtKill, Outcome::failed), beforeExclusion.size(), count(beforeExclusion, Outcome::failed),
				afterExclusion.size(), count(afterExclusion, Outcome::failed),
				millis(afterExclusion.stream().mapToLong((outcome) -> outcome.end() - outcome.start()).max().orElse(0)),
				millis(readmittedAt - startedAt));

		assertThat(stateAfterKill).isIn(ReplicaState.CIRCUIT_OPEN, ReplicaState.CIRCUIT_HALF_OPEN);
		assertThat(exclusionMillis).as("time from the kill to the exclusion of replica-1")
			.isLessThanOrEqualTo(PROBE_INTERVAL.toMillis() + 1000);
		assertThat(select(afterExclusion, Outcome::failed)).as("failed reads that started after the exclusion")
			.isEmpty();
		assertThat(whileExcluded).as("reads while replica-1 was down").isNotEmpty();
		assertThat(select(whileExcluded, (outcome) -> outcome.port() != otherPort
				|| !"replica-2".equals(outcome.target())))
			.as("reads started while replica-1 was out that did not run on replica-2")
			.isEmpty();
		assertThat(select(outcomes, (outcome) -> outcome.start() >= readmittedAt && outcome.port() == port
				&& "replica-1".equals(outcome.target())))
			.as("reads on replica-1 after its readmission, as the server and the router say")
			.isNotEmpty();
	}

	@Test
	@Order(2)
	void replicaBehindMaxLagLeavesRotationUntilItCatchesUp(ReplicatedPostgres cluster) {
		ReplicaHealth replica = replica("replica-2");
		int port = cluster.replica("replica-2").port();
		int otherPort = cluster.replica("replica-1").port();
		awaitState("replica-1", ReplicaState.UP, Duration.ofSeconds(10));
		awaitState("replica-2", ReplicaState.UP, Duration.ofSeconds(10));
		long pausedAt;
		long laggingAt;
		long lagAtExclusion;
		cluster.pauseReplication("replica-2");
		try {
			pausedAt = System.nanoTime();
			await("replica-2 LAGGING").atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> {
					Db.execute(cluster.primary(), "insert into writes default values");
					return replica.state() == ReplicaState.LAGGING;
				});
			laggingAt = System.nanoTime();
			lagAtExclusion = replica.lagMillis();
			assertThat(replica.lagMillis()).isGreaterThan(MAX_LAG.toMillis());
			assertThat(replica.lagBytes()).isPositive();
			assertThat(cluster.replayedPosition("replica-2")).isLessThan(cluster.primaryPosition());

			List<Served> reads = reads(10);

			assertThat(reads).extracting(Served::port).containsOnly(otherPort);
			assertThat(reads).extracting((served) -> served.decision().target()).containsOnly("replica-1");
		}
		finally {
			cluster.resumeReplication("replica-2");
		}
		long resumedAt = System.nanoTime();
		awaitState("replica-2", ReplicaState.UP, Duration.ofSeconds(10));
		long upAt = System.nanoTime();
		System.out.printf("replica-2 replay paused: LAGGING %d ms after the pause (lag %d ms, max %d ms); "
				+ "after resume, UP in %d ms%n", millis(laggingAt - pausedAt), lagAtExclusion, MAX_LAG.toMillis(),
				millis(upAt - resumedAt));

		assertThat(reads(10)).extracting(Served::port).contains(port);
	}

	@Test
	@Order(3)
	void promotedReplicaIsExcludedAsRoleMismatchAndShownInHealth(ReplicatedPostgres cluster) {
		ReplicaHealth replica = replica("replica-2");
		int otherPort = cluster.replica("replica-1").port();
		awaitState("replica-2", ReplicaState.UP, Duration.ofSeconds(10));

		cluster.promote("replica-2");
		long promotedAt = System.nanoTime();

		awaitState("replica-2", ReplicaState.ROLE_MISMATCH, PROBE_INTERVAL.plusSeconds(1));
		System.out.printf("replica-2 promoted: ROLE_MISMATCH %d ms later%n", millis(System.nanoTime() - promotedAt));
		assertThat(replica.isCandidate()).isFalse();
		assertThat(reads(10)).extracting(Served::port).containsOnly(otherPort);
		Health health = this.healthIndicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(replicaDetails(health, "replica-2")).containsEntry("state", "ROLE_MISMATCH");
		assertThat(replicaDetails(health, "replica-1")).containsEntry("state", "UP");
	}

	@Test
	@Order(4)
	void withEveryReplicaDownReadsFallBackToThePrimary(ReplicatedPostgres cluster) {
		cluster.stop("replica-1");
		cluster.stop("replica-2");
		awaitState("replica-1", ReplicaState.CIRCUIT_OPEN, Duration.ofSeconds(5));
		awaitState("replica-2", ReplicaState.CIRCUIT_OPEN, Duration.ofSeconds(5));
		long fallbacksBefore = this.statistics.count(RoutingDecision.PRIMARY, RoutingReason.FALLBACK);

		List<Served> reads = reads(10);

		assertThat(reads).extracting(Served::port).containsOnly(cluster.primary().port());
		assertThat(reads).extracting((served) -> served.decision().target()).containsOnly(RoutingDecision.PRIMARY);
		assertThat(reads).extracting((served) -> served.decision().reason()).containsOnly(RoutingReason.FALLBACK);
		assertThat(this.statistics.count(RoutingDecision.PRIMARY, RoutingReason.FALLBACK) - fallbacksBefore)
			.isEqualTo(10);
	}

	private List<Served> reads(int count) {
		List<Served> reads = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			reads.add(this.serverPorts.readOnly());
		}
		return reads;
	}

	private ReplicaHealth replica(String name) {
		return this.monitor.replica(name).orElseThrow();
	}

	private void awaitState(String name, ReplicaState state, Duration atMost) {
		ReplicaHealth replica = replica(name);
		await(name + " " + state).atMost(atMost)
			.pollInterval(Duration.ofMillis(20))
			.until(replica::state, state::equals);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> replicaDetails(Health health, String name) {
		Map<String, Object> replicas = (Map<String, Object>) health.getDetails().get("replicas");
		return (Map<String, Object>) replicas.get(name);
	}

	private static List<Outcome> select(List<Outcome> outcomes, Predicate<Outcome> filter) {
		return outcomes.stream().filter(filter).toList();
	}

	private static long count(List<Outcome> outcomes, Predicate<Outcome> filter) {
		return outcomes.stream().filter(filter).count();
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

	/**
	 * The same cluster, every replica down, and an application that must not fall back.
	 */
	@Nested
	@TestPropertySource(properties = "replica-routing.fallback-to-primary=false")
	class WithoutFallback {

		@Autowired
		ServerPorts serverPorts;

		@Autowired
		ReplicaMonitor monitor;

		@Test
		void whenNoReplicaCanServeReadFailsNamingEveryReplicaAndItsState(ReplicatedPostgres cluster) {
			for (ClusterNode replica : cluster.replicas()) {
				if (replica.isRunning()) {
					cluster.stop(replica.name());
				}
			}
			for (ReplicaHealth replica : this.monitor.replicas()) {
				await(replica.target().name() + " CIRCUIT_OPEN").atMost(Duration.ofSeconds(5))
					.until(replica::state, ReplicaState.CIRCUIT_OPEN::equals);
			}

			assertThatExceptionOfType(DataAccessException.class).isThrownBy(this.serverPorts::readOnly)
				.havingRootCause()
				.isInstanceOf(NoRouteAvailableException.class)
				.withMessageContaining("replica-1: CIRCUIT_OPEN")
				.withMessageContaining("replica-2: CIRCUIT_OPEN");
		}

	}

}
