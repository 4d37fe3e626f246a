package io.github.replicarouting.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.replicarouting.health.Failover;
import io.github.replicarouting.health.PrimaryState;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.test.app.HealthTestApplication;
import io.github.replicarouting.test.app.ServerPorts;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two URLs that reach one server are one node: with a replica configured whose URL goes through a
 * {@link TcpProxy} to the primary (as a moved DNS name or a proxy would), follow mode sees two
 * writable nodes that report the same server, which is no split brain: writes go on on the
 * primary, and nothing moves.
 */
@ReplicatedPostgresTest(replicas = 1)
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.failover.mode=follow", "replica-routing.failover.confirmations=2",
				"replica-routing.health.probe-interval=300ms", "replica-routing.health.probe-timeout=1s" })
@DirtiesContext
class FollowModeThroughProxyIT {

	private static TcpProxy proxy;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	ServerPorts ports;

	@DynamicPropertySource
	static void aliasOfThePrimary(DynamicPropertyRegistry registry) {
		ReplicatedPostgres cluster = ReplicatedPostgres.forTestClass(FollowModeThroughProxyIT.class);
		try {
			proxy = TcpProxy.forward(cluster.primary().port());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		registry.add("replica-routing.replicas.alias.url",
				() -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres");
	}

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@Test
	void aSecondUrlOfThePrimaryIsNoSplitBrain(ReplicatedPostgres cluster) {
		Failover failover = this.monitor.failover().orElseThrow();
		await("the alias seen writable").atMost(Duration.ofSeconds(20))
			.until(() -> failover.nodes().get("alias").state() == PrimaryState.UP);
		long rounds = 0;
		long start = System.nanoTime();
		// Well past the 2 confirmations a move would need.
		while (Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000) {
			this.monitor.probeNow();
			rounds++;
			assertThat(failover.splitBrain()).as("split brain after %d rounds", rounds).isEmpty();
		}
		String currentUser = this.ports.currentUser();
		System.out.printf("primary reached through a second URL (proxy port %d): %d rounds, identities %s and %s, "
				+ "split brain %s, writer %s, failovers %d; a write ran as %s%n", proxy.port(), rounds,
				failover.nodes().get("primary").identity(), failover.nodes().get("alias").identity(),
				failover.splitBrain(), failover.currentWriter().target().name(), failover.failovers(), currentUser);

		assertThat(failover.nodes().get("alias").identity()).isNotNull()
			.isEqualTo(failover.nodes().get("primary").identity());
		assertThat(failover.currentWriter().target().name()).isEqualTo("primary");
		assertThat(failover.failovers()).isZero();
		assertThat(currentUser).isEqualTo(cluster.primary().username());
	}

}
