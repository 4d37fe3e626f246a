package io.github.replicarouting.test.mariadb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import io.github.replicarouting.test.ClusterNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A MariaDB replica whose SQL (applier) thread is stopped reports {@code Seconds_Behind_Master}
 * as {@code NULL}. That is unbounded lag, never none: the replica must turn {@code LAGGING} and
 * stay so, even with the primary idle (no write makes a position-based lag grow), and come back
 * {@code UP} once the thread runs again.
 */
@ReplicatedMariaDbTest(replicas = 2)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.max-replication-lag=2s",
				// Back in rotation, it ramps up its share of reads over the slow start: short here.
				"replica-routing.health.slow-start=2s" })
@DirtiesContext
class MariaDbStoppedReplicationIT {

	private static final Duration MAX_LAG = Duration.ofSeconds(2);

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	ServerReads reads;

	@Test
	void stoppedSqlThreadMakesReplicaLaggingAndNeverHealthyUntilResumed(ReplicatedMariaDb cluster) throws SQLException {
		ReplicaHealth replica = this.monitor.replica("replica-1").orElseThrow();
		int otherPort = cluster.replica("replica-2").port();
		awaitState("replica-1", ReplicaState.UP);
		awaitState("replica-2", ReplicaState.UP);

		cluster.pauseReplication("replica-1");
		long pausedAt = System.nanoTime();
		try {
			assertThat(secondsBehindMaster(cluster.replica("replica-1"))).as("Seconds_Behind_Master while stopped")
				.isNull();
			awaitState("replica-1", ReplicaState.LAGGING);
			long laggingMillis = Duration.ofNanos(System.nanoTime() - pausedAt).toMillis();
			// Six probe rounds: every one must keep it out.
			await("replica-1 stays LAGGING").during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.until(replica::state, ReplicaState.LAGGING::equals);
			System.out.println("[mariadb] replica-1 SQL thread stopped: LAGGING " + laggingMillis
					+ " ms later, lag reported " + replica.lagMillis() + " ms (max " + MAX_LAG.toMillis() + " ms)");
			assertThat(replica.lagMillis()).isGreaterThan(MAX_LAG.toMillis());
			assertThat(replica.isCandidate()).isFalse();
			assertThat(readOnlyPorts(10)).containsOnly(otherPort);
		}
		finally {
			cluster.resumeReplication("replica-1");
		}

		awaitState("replica-1", ReplicaState.UP);
		await("replica-1 serves reads again").atMost(Duration.ofSeconds(5))
			.until(() -> this.reads.readOnly().port() == cluster.replica("replica-1").port());
	}

	private List<Integer> readOnlyPorts(int count) {
		List<Integer> ports = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ports.add(this.reads.readOnly().port());
		}
		return ports;
	}

	private void awaitState(String name, ReplicaState state) {
		ReplicaHealth replica = this.monitor.replica(name).orElseThrow();
		await(name + " " + state).atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(replica::state, state::equals);
	}

	/** As the application user, whose {@code SLAVE MONITOR} privilege the probes rely on too. */
	private static String secondsBehindMaster(ClusterNode replica) throws SQLException {
		try (Connection connection = DriverManager.getConnection(replica.jdbcUrl(), replica.username(),
				replica.password()); Statement statement = connection.createStatement();
				ResultSet status = statement.executeQuery("show slave status")) {
			assertThat(status.next()).isTrue();
			assertThat(status.getString("Slave_SQL_Running")).isEqualTo("No");
			assertThat(status.getString("Slave_IO_Running")).isEqualTo("Yes");
			return status.getString("Seconds_Behind_Master");
		}
	}

}
