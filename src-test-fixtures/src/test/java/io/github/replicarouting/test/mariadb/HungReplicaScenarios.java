package io.github.replicarouting.test.mariadb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.ProbeThreads;
import io.github.replicarouting.test.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica that hangs, whatever the vendor and driver: replica-1 is reached through a
 * {@link TcpProxy} that black-holes it (connections are accepted and never answered, as on a
 * network partition or a frozen server), and its URL sets no timeout of any kind. It must leave
 * the rotation within {@code probe-interval} + {@code probe-timeout}, without probe threads piling
 * up behind it, and come back once it answers again ({@link TcpProxy#restore()}, as a frozen
 * server that thaws), leaving no thread behind. Subclasses bring the cluster, start the proxy
 * before the context and point replica-1's URL at it.
 */
public abstract class HungReplicaScenarios {

	protected static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

	protected static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * A probe still waiting on the hung replica gives up within the timeout; then one round to
	 * answer (the breaker's wait is long over) and one in half-open to close it.
	 */
	private static final Duration READMIT_WITHIN = PROBE_TIMEOUT.plus(PROBE_INTERVAL.plus(PROBE_TIMEOUT).multipliedBy(2));

	/** Scheduling slack on a loaded 2-core machine. */
	private static final Duration MARGIN = Duration.ofMillis(1000);

	protected static TcpProxy proxy;

	@Autowired
	ServerReads reads;

	@Autowired
	ReplicaMonitor monitor;

	protected abstract ReplicatedDatabase database();

	@AfterAll
	static void closeProxy() {
		if (proxy != null) {
			proxy.close();
			proxy = null;
		}
	}

	@Test
	void hungReplicaLeavesRotationWithinProbeIntervalAndTimeoutAndComesBackOnceItAnswers() {
		ReplicatedDatabase database = database();
		ReplicaHealth replica = this.monitor.replica("replica-1").orElseThrow();
		int port = database.portsByTarget().get("replica-1");
		int otherPort = database.portsByTarget().get("replica-2");
		awaitUp("replica-1");
		awaitUp("replica-2");
		await("replica-1 serves").atMost(Duration.ofSeconds(10)).until(() -> this.reads.readOnly().port() == port);
		int baselineThreads = threads();

		long hungAt = System.nanoTime();
		proxy.blackhole();
		long excludedAt;
		long mostProbeThreads = 0;
		List<Integer> whileHung = new ArrayList<>();
		ReplicaState stateWhileHung;
		long restoredAt;
		try {
			await("replica-1 leaves the rotation").atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> !replica.isCandidate());
			excludedAt = System.nanoTime();
			for (int i = 0; i < 10; i++) {
				whileHung.add(this.reads.readOnly().port());
			}
			// Ten more rounds against the hung replica.
			long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (System.nanoTime() < until) {
				mostProbeThreads = Math.max(mostProbeThreads, ProbeThreads.count());
				await().pollDelay(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> true);
			}
			stateWhileHung = replica.state();
		}
		finally {
			restoredAt = System.nanoTime();
			proxy.restore();
		}
		await("replica-1 back UP").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(10))
			.until(replica::state, ReplicaState.UP::equals);
		long readmittedAt = System.nanoTime();
		await("replica-1 serves again").atMost(Duration.ofSeconds(10))
			.until(() -> this.reads.readOnly().port() == port);
		long threadsCheckedAt = System.nanoTime();
		boolean threadsBack = threadsBackTo(baselineThreads + 2, Duration.ofSeconds(15));
		long exclusion = millis(excludedAt - hungAt);
		long readmission = millis(readmittedAt - restoredAt);
		System.out.printf("[hung] %s: replica-1 black-holed: excluded (%s) %d ms later (bound %d ms + %d ms margin); "
				+ "reads meanwhile on %s; probe threads at most %d; UP again %d ms after it answered "
				+ "(bound %d ms + margin); threads %d before, %d after (%s after %d ms)%n", database.vendor(),
				stateWhileHung, exclusion, PROBE_INTERVAL.plus(PROBE_TIMEOUT).toMillis(), MARGIN.toMillis(),
				whileHung.stream().distinct().toList(), mostProbeThreads, readmission, READMIT_WITHIN.toMillis(),
				baselineThreads, threads(), threadsBack ? "back to the baseline" : "NOT back",
				millis(System.nanoTime() - threadsCheckedAt));

		assertThat(exclusion).as("time from the hang to the exclusion, ms")
			.isLessThanOrEqualTo(PROBE_INTERVAL.plus(PROBE_TIMEOUT).plus(MARGIN).toMillis());
		assertThat(stateWhileHung).isEqualTo(ReplicaState.CIRCUIT_OPEN);
		assertThat(whileHung).containsOnly(otherPort);
		assertThat(mostProbeThreads).as("probe threads, one per target at most").isLessThanOrEqualTo(3);
		assertThat(readmission).as("time from the replica answering again to UP, ms")
			.isLessThanOrEqualTo(READMIT_WITHIN.plus(MARGIN).toMillis());
		assertThat(threadsBack).as("threads back to the baseline (%d, plus 2)", baselineThreads).isTrue();
	}

	private static boolean threadsBackTo(int most, Duration within) {
		try {
			await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> threads() <= most);
			return true;
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			return false;
		}
	}

	/** Live threads, less the proxy's, whose lifetimes the test controls. */
	private static int threads() {
		return (int) Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> !thread.getName().startsWith("tcp-proxy"))
			.count();
	}

	private void awaitUp(String name) {
		ReplicaHealth replica = this.monitor.replica(name).orElseThrow();
		await(name + " UP").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(replica::state, ReplicaState.UP::equals);
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

}
