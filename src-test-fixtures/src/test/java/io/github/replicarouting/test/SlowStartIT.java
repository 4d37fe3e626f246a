package io.github.replicarouting.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

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
 * Slow start on real replication: under a steady read load over two replicas (round robin),
 * replica-2 is ejected, then readmitted with {@code health.slow-start} at 6 s. Its share of the
 * reads, as the servers report where each ran ({@code inet_server_port()}), rises second by
 * second towards its half instead of jumping back to it.
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.slow-start=6s" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class SlowStartIT {

	private static final int SECONDS = 8;

	@Autowired
	ServerPorts serverPorts;

	@Autowired
	ReplicaMonitor monitor;

	@Test
	void readmittedReplicaTakesARisingShareOfReads(ReplicatedPostgres cluster) {
		ReplicaHealth replica = this.monitor.replica("replica-2").orElseThrow();
		for (ReplicaHealth each : this.monitor.replicas()) {
			await(each.target().name() + " UP").atMost(Duration.ofSeconds(20))
				.until(each::state, ReplicaState.UP::equals);
		}
		int port = cluster.replica("replica-2").port();
		List<Double> shares = new ArrayList<>();
		try (ReadLoad load = ReadLoad.start(4, this.serverPorts::readOnly)) {
			long warmUp = System.nanoTime();
			await("both replicas serving").atMost(Duration.ofSeconds(10))
				.until(() -> load.servedBy(port, warmUp) > 20
						&& load.servedBy(cluster.replica("replica-1").port(), warmUp) > 20);
			replica.eject();
			long readmittedAt = System.nanoTime();
			replica.readmit();
			await().pollDelay(Duration.ofSeconds(SECONDS)).atMost(Duration.ofSeconds(SECONDS + 1)).until(() -> true);
			load.close();
			for (int second = 0; second < SECONDS; second++) {
				shares.add(share(load.outcomes(), port, readmittedAt + Duration.ofSeconds(second).toNanos()));
			}
		}
		System.out.printf("replica-2's share of reads in each second after its readmission (slow start 6 s): %s%n",
				shares.stream().map((share) -> String.format("%.0f %%", share * 100)).toList());

		assertThat(shares.get(0)).as("share in the first second (a step back would be about 50 %%)").isLessThan(0.2);
		assertThat(shares.get(0)).as("shares by second " + shares).isLessThan(shares.get(2));
		assertThat(shares.get(2)).as("shares by second " + shares).isLessThan(shares.get(4));
		assertThat(shares.get(SECONDS - 1)).as("share once warm, shares by second " + shares).isGreaterThan(0.35);
	}

	private static double share(List<Outcome> outcomes, int port, long from) {
		long to = from + Duration.ofSeconds(1).toNanos();
		List<Outcome> inSecond = outcomes.stream()
			.filter((outcome) -> !outcome.failed() && outcome.start() >= from && outcome.start() < to)
			.toList();
		assertThat(inSecond).as("reads in one second").hasSizeGreaterThan(20);
		return (double) inSecond.stream().filter((outcome) -> outcome.port() == port).count() / inSecond.size();
	}

}
