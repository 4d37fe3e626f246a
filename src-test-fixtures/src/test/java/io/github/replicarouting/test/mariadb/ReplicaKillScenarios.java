package io.github.replicarouting.test.mariadb;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.ReadLoad.Outcome;
import io.github.replicarouting.test.ReadLoad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica killed (SIGKILL) under a read load from a few threads, whatever the vendor: once it
 * is excluded, no read fails and every read runs on the other replica, as that server reports;
 * after a start it is readmitted and serves again. Subclasses bring the cluster and set a short
 * probe interval.
 */
public abstract class ReplicaKillScenarios {

	static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

	@Autowired
	ServerReads reads;

	@Autowired
	ReplicaMonitor monitor;

	protected abstract ReplicatedDatabase database();

	@Test
	void killedReplicaLeavesRotationUnderLoadWithoutFailedReadsAndIsReadmittedAfterStart() {
		ReplicatedDatabase database = database();
		ReplicaHealth replica = this.monitor.replica("replica-1").orElseThrow();
		int port = database.portsByTarget().get("replica-1");
		int otherPort = database.portsByTarget().get("replica-2");
		awaitUp("replica-1");
		awaitUp("replica-2");
		long killedAt;
		long excludedAt;
		long restartAt;
		long readmittedAt;
		ReplicaState stateAfterKill;
		List<Outcome> outcomes;
		try (ReadLoad load = ReadLoad.start(3, this.reads::readOnly)) {
			long warmUp = System.nanoTime();
			await("both replicas serve the load").atMost(Duration.ofSeconds(10))
				.until(() -> load.servedBy(port, warmUp) > 10 && load.servedBy(otherPort, warmUp) > 10);

			killedAt = System.nanoTime();
			database.kill("replica-1");
			await("replica-1 leaves the rotation").atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> !replica.isCandidate());
			excludedAt = System.nanoTime();
			stateAfterKill = replica.state();
			await("reads after the exclusion").atMost(Duration.ofSeconds(10))
				.until(() -> load.finishedStartedAfter(excludedAt) >= 200);

			restartAt = System.nanoTime();
			database.start("replica-1");
			await("replica-1 readmitted").atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> replica.state() == ReplicaState.UP);
			readmittedAt = System.nanoTime();
			await("replica-1 serves the load again").atMost(Duration.ofSeconds(10))
				.until(() -> load.servedBy(port, readmittedAt) >= 10);
			load.close();
			outcomes = load.outcomes();
		}

		List<Outcome> afterExclusion = select(outcomes, (outcome) -> outcome.start() >= excludedAt);
		List<Outcome> whileExcluded = select(afterExclusion, (outcome) -> outcome.start() < restartAt);
		System.out.printf("[kill] %s: replica-1 killed under 3 reading threads: excluded (%s) %d ms after the kill; "
				+ "reads started after the exclusion: %d, failed %d; failed before it: %d; readmitted (UP) %d ms "
				+ "after start returned%n", database.vendor(), stateAfterKill, millis(excludedAt - killedAt),
				afterExclusion.size(), select(afterExclusion, Outcome::failed).size(),
				select(outcomes, (outcome) -> outcome.failed() && outcome.start() < excludedAt).size(),
				millis(readmittedAt - restartAt));

		assertThat(stateAfterKill).isIn(ReplicaState.CIRCUIT_OPEN, ReplicaState.CIRCUIT_HALF_OPEN);
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

	private void awaitUp(String name) {
		ReplicaHealth replica = this.monitor.replica(name).orElseThrow();
		await(name + " UP").atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(replica::state, ReplicaState.UP::equals);
	}

	private static List<Outcome> select(List<Outcome> outcomes, Predicate<Outcome> filter) {
		return outcomes.stream().filter(filter).toList();
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

}
