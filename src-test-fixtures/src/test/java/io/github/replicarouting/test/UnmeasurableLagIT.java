package io.github.replicarouting.test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.app.HealthTestApplication;
import io.github.replicarouting.test.app.ServerPorts.Served;
import io.github.replicarouting.test.app.ServerPorts;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lag that cannot be measured is unknown, not zero: a replica far behind stays out of rotation
 * while the prober cannot read the primary's WAL position, whether the primary's pool is
 * saturated by long transactions or the primary is down, and the replica that is fine keeps
 * serving. replica-2's replay is paused to put it behind; the primary's pool has two connections.
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.health.circuit-breaker.wait-duration-in-open-state=2s",
				"replica-routing.health.circuit-breaker.permitted-number-of-calls-in-half-open-state=2",
				"replica-routing.max-replication-lag=2s", "replica-routing.primary.hikari.maximum-pool-size=2" })
@ReplicatedPostgresTest(replicas = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class UnmeasurableLagIT {

	/** Six probe rounds. */
	private static final Duration WATCH = Duration.ofSeconds(3);

	@Autowired
	ServerPorts serverPorts;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	ReplicaRoutingDataSource dataSource;

	@BeforeAll
	static void createTable(ReplicatedPostgres cluster) {
		Db.execute(cluster.primary(), "create table writes (id serial primary key, at timestamptz default now())");
	}

	@Test
	@Order(1)
	void laggingReplicaStaysOutWhileThePrimaryPoolIsSaturated(ReplicatedPostgres cluster) throws SQLException {
		int replica1 = cluster.replica("replica-1").port();
		awaitState("replica-1", ReplicaState.UP);
		awaitState("replica-2", ReplicaState.UP);
		reads(4);
		cluster.pauseReplication("replica-2");
		List<String> replica2Changes;
		List<Served> reads;
		try {
			awaitLagging(cluster, "replica-2");
			try (HeldConnections held = HeldConnections.hold(this.dataSource.getPrimary().unwrap(DataSource.class), 2);
					Changes<ReplicaState> replica2 = Changes.watch(replica("replica-2")::state)) {
				pauseFor(WATCH);
				reads = reads(10);
				replica2Changes = replica2.seen();
			}
		}
		finally {
			cluster.resumeReplication("replica-2");
		}
		System.out.printf("replica-2 LAGGING, then the primary's pool saturated for %d ms: its state changed %s; "
				+ "reads on %s%n", WATCH.toMillis(), replica2Changes, ports(reads));

		assertThat(replica2Changes).as("changes of replica-2's state while the primary's pool was saturated").isEmpty();
		assertThat(reads).extracting(Served::port).containsOnly(replica1);
		awaitState("replica-2", ReplicaState.UP);
	}

	@Test
	@Order(2)
	void laggingReplicaStaysOutAndTheOtherServesWhileThePrimaryIsDown(ReplicatedPostgres cluster) {
		int replica1 = cluster.replica("replica-1").port();
		awaitState("replica-1", ReplicaState.UP);
		awaitState("replica-2", ReplicaState.UP);
		cluster.pauseReplication("replica-2");
		List<String> replica1Changes;
		List<String> replica2Changes;
		List<Served> reads;
		try {
			awaitLagging(cluster, "replica-2");
			try (Changes<ReplicaState> first = Changes.watch(replica("replica-1")::state);
					Changes<ReplicaState> second = Changes.watch(replica("replica-2")::state)) {
				cluster.stop("primary");
				pauseFor(WATCH);
				reads = reads(10);
				replica1Changes = first.seen();
				replica2Changes = second.seen();
			}
		}
		finally {
			cluster.start("primary");
			cluster.resumeReplication("replica-2");
		}
		System.out.printf("primary stopped for %d ms: replica-1 (UP) changed %s, replica-2 (LAGGING) changed %s; "
				+ "reads on %s%n", WATCH.toMillis(), replica1Changes, replica2Changes, ports(reads));

		assertThat(replica2Changes).as("changes of the lagging replica-2 while the primary was down").isEmpty();
		assertThat(replica1Changes).as("changes of replica-1 (UP) while the primary was down").isEmpty();
		assertThat(reads).extracting(Served::port).containsOnly(replica1);
		awaitState("replica-2", ReplicaState.UP);
	}

	private void awaitLagging(ReplicatedPostgres cluster, String name) {
		ReplicaHealth replica = replica(name);
		await(name + " LAGGING").atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				Db.execute(cluster.primary(), "insert into writes default values");
				return replica.state() == ReplicaState.LAGGING;
			});
	}

	/** Let the probes run for {@code duration}: a bounded wait on the clock, not for a condition. */
	private static void pauseFor(Duration duration) {
		await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
	}

	private List<Served> reads(int count) {
		List<Served> reads = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			reads.add(this.serverPorts.readOnly());
		}
		return reads;
	}

	private static List<Integer> ports(List<Served> reads) {
		return reads.stream().map(Served::port).distinct().toList();
	}

	private ReplicaHealth replica(String name) {
		return this.monitor.replica(name).orElseThrow();
	}

	private void awaitState(String name, ReplicaState state) {
		ReplicaHealth replica = replica(name);
		await(name + " " + state).atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(replica::state, state::equals);
	}

}
