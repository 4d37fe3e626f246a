package io.github.replicarouting.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.RoutingDecision;
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
 * Busy is not broken: replica pools of two connections under twelve threads of 300 ms reads for
 * 5 s time out on borrowing all the time, with no connection failure behind the timeouts. Those
 * reads move on to the next target, as they must, but the replicas' breakers stay closed and the
 * replicas stay {@code UP} and keep serving what their pools can take. Breaker settings are the
 * defaults (window 20, at least 5 calls, 50 %, 10 s open).
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.replicas.replica-1.hikari.maximum-pool-size=2",
				"replica-routing.replicas.replica-1.hikari.connection-timeout=250",
				"replica-routing.replicas.replica-2.hikari.maximum-pool-size=2",
				"replica-routing.replicas.replica-2.hikari.connection-timeout=250",
				"replica-routing.primary.hikari.maximum-pool-size=16" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class BusyReplicaPoolIT {

	private static final Duration READ = Duration.ofMillis(300);

	private static final Duration LOAD = Duration.ofSeconds(5);

	@Autowired
	ServerPorts serverPorts;

	@Autowired
	ReplicaMonitor monitor;

	@Test
	void exhaustedReplicaPoolsDoNotOpenTheirBreakersAndKeepServing(ReplicatedPostgres cluster) {
		List<String> transitions = new CopyOnWriteArrayList<>();
		for (ReplicaHealth replica : this.monitor.replicas()) {
			await(replica.target().name() + " UP").atMost(Duration.ofSeconds(20))
				.until(replica::state, ReplicaState.UP::equals);
			CircuitBreaker breaker = replica.breaker();
			breaker.getEventPublisher()
				.onStateTransition((event) -> transitions.add(breaker.getName() + " " + event.getStateTransition()));
		}
		List<Outcome> outcomes;
		long lastTwoSeconds;
		try (Changes<List<ReplicaState>> states = Changes.watch(this::states)) {
			try (ReadLoad load = ReadLoad.start(12, () -> this.serverPorts.slowReadOnly(READ))) {
				long started = System.nanoTime();
				lastTwoSeconds = started + LOAD.minusSeconds(2).toNanos();
				await().pollDelay(LOAD).atMost(LOAD.plusSeconds(1)).until(() -> true);
				load.close();
				outcomes = load.outcomes();
			}
			System.out.printf("12 threads of %d ms reads for %d s on replica pools of 2: %d reads, %s; failed %d; "
					+ "in the last 2 s on replicas: %s; breaker transitions %s; replica states changed %s%n",
					READ.toMillis(), LOAD.toSeconds(), outcomes.size(), byTarget(outcomes, (outcome) -> true),
					outcomes.stream().filter(Outcome::failed).count(),
					byTarget(outcomes, (outcome) -> outcome.start() >= lastTwoSeconds), transitions, states.seen());
			assertThat(states.seen()).as("changes of the replicas' states").isEmpty();
		}

		assertThat(transitions).as("breaker transitions").isEmpty();
		assertThat(outcomes).filteredOn(Outcome::failed).isEmpty();
		Map<String, Long> late = byTarget(outcomes, (outcome) -> outcome.start() >= lastTwoSeconds);
		assertThat(late).as("reads started in the last 2 s of the load, by target")
			.containsKeys("replica-1", "replica-2");
	}

	private List<ReplicaState> states() {
		return this.monitor.replicas().stream().map(ReplicaHealth::state).toList();
	}

	private static Map<String, Long> byTarget(List<Outcome> outcomes, Predicate<Outcome> filter) {
		return outcomes.stream()
			.filter(filter)
			.filter((outcome) -> !outcome.failed())
			.collect(Collectors.groupingBy((outcome) -> (outcome.target() != null) ? outcome.target()
					: RoutingDecision.PRIMARY, java.util.TreeMap::new, Collectors.counting()));
	}

}
