package io.github.replicarouting.test.mariadb;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.Changes;
import io.github.replicarouting.test.ReadLoad.Outcome;
import io.github.replicarouting.test.ReadLoad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the MariaDB primary killed, a replica's I/O thread keeps trying to reconnect and its
 * {@code Seconds_Behind_Master} turns {@code NULL}: its lag is unknown, not unbounded, and with
 * the primary's position unknown too the replica keeps its last known state, so reads keep running
 * on it. A replica whose SQL thread is stopped is known not to apply anything: it stays
 * {@code LAGGING} throughout.
 */
@ReplicatedMariaDbTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.health.circuit-breaker.wait-duration-in-open-state=2s",
				"replica-routing.health.circuit-breaker.permitted-number-of-calls-in-half-open-state=2",
				"replica-routing.max-replication-lag=2s" })
@DirtiesContext
class MariaDbPrimaryOutageIT {

	private static final Duration WATCH = Duration.ofSeconds(3);

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	ServerReads reads;

	@Test
	void withThePrimaryKilledReplicasKeepTheirLastKnownStateAndReadsContinue(ReplicatedMariaDb cluster) {
		ReplicaHealth replica1 = this.monitor.replica("replica-1").orElseThrow();
		ReplicaHealth replica2 = this.monitor.replica("replica-2").orElseThrow();
		int port = cluster.replica("replica-1").port();
		awaitState(replica1, ReplicaState.UP);
		awaitState(replica2, ReplicaState.UP);
		cluster.pauseReplication("replica-2");
		List<String> replica1Changes;
		List<String> replica2Changes;
		List<Outcome> outcomes;
		try {
			awaitState(replica2, ReplicaState.LAGGING);
			try (ReadLoad load = ReadLoad.start(3, this.reads::readOnly)) {
				long warmUp = System.nanoTime();
				await("replica-1 serves the load").atMost(Duration.ofSeconds(10))
					.until(() -> load.servedBy(port, warmUp) > 10);
				try (Changes<ReplicaState> first = Changes.watch(replica1::state);
						Changes<ReplicaState> second = Changes.watch(replica2::state)) {
					long killedAt = System.nanoTime();
					cluster.kill("primary");
					await().pollDelay(WATCH).atMost(WATCH.plusSeconds(1)).until(() -> true);
					replica1Changes = first.seen();
					replica2Changes = second.seen();
					load.close();
					outcomes = load.outcomes().stream().filter((outcome) -> outcome.start() >= killedAt).toList();
				}
			}
		}
		finally {
			cluster.start("primary");
			cluster.resumeReplication("replica-2");
		}
		System.out.printf("[mariadb] primary killed for %d ms: replica-1 (UP) changed %s, replica-2 (SQL thread "
				+ "stopped, LAGGING) changed %s; reads after the kill: %d, failed %d, on %s%n", WATCH.toMillis(),
				replica1Changes, replica2Changes, outcomes.size(), outcomes.stream().filter(Outcome::failed).count(),
				outcomes.stream().map(Outcome::port).distinct().toList());

		assertThat(replica1Changes).as("changes of replica-1 (UP) while the primary was down").isEmpty();
		assertThat(replica2Changes).as("changes of replica-2 (replication stopped) while the primary was down")
			.isEmpty();
		assertThat(outcomes).as("reads started after the kill").isNotEmpty();
		assertThat(outcomes).filteredOn(Outcome::failed).isEmpty();
		assertThat(outcomes).extracting(Outcome::port).containsOnly(port);
		awaitState(replica1, ReplicaState.UP);
		awaitState(replica2, ReplicaState.UP);
	}

	private static void awaitState(ReplicaHealth replica, ReplicaState state) {
		await(replica.target().name() + " " + state).atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.until(replica::state, state::equals);
	}

}
