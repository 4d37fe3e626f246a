package io.github.replicarouting.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.app.ServerPorts;
import io.github.replicarouting.test.app.HealthTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code load-balancing: least-lag} on real replication: under steady writes, with replica-1
 * applying each commit 1.5 s late ({@code recovery_min_apply_delay}, within
 * {@code max-replication-lag}, so it stays in rotation) and replica-2 current, reads go to
 * replica-2, as the servers themselves report ({@code inet_server_port()}); once both are
 * current, they share the reads in turn.
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.load-balancing=least-lag", "replica-routing.health.probe-interval=500ms",
				"replica-routing.max-replication-lag=5s" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class LeastLagIT {

	private static final int READS = 200;

	@Autowired
	ServerPorts serverPorts;

	@Autowired
	ReplicaMonitor monitor;

	@Test
	void readsGoToTheReplicaFurthestAheadAndAreSharedWhenBothAreCurrent(ReplicatedPostgres cluster)
			throws Exception {
		Db.execute(cluster.primary(), "create table least_lag_writes (id bigserial primary key)");
		cluster.awaitAllReplicated();
		ReplicaHealth lagging = this.monitor.replica("replica-1").orElseThrow();
		ReplicaHealth current = this.monitor.replica("replica-2").orElseThrow();
		Map<String, Long> whileLagging;
		try (SteadyInserts writes = new SteadyInserts(cluster.primary())) {
			applyDelay(cluster.replica("replica-1"), "1500ms");
			await("replica-1 measured about 1.5 s behind, both in rotation").atMost(Duration.ofSeconds(30))
				.until(() -> lagging.lagMillis() >= 1000 && lagging.state() == ReplicaState.UP
						&& current.state() == ReplicaState.UP);
			whileLagging = reads(cluster);
			System.out.printf("least-lag, replica-1 %d ms behind, replica-2 %d ms: %s%n", lagging.lagMillis(),
					current.lagMillis(), whileLagging);
		}
		applyDelay(cluster.replica("replica-1"), "0");
		cluster.awaitAllReplicated();
		await("both replicas measured current").atMost(Duration.ofSeconds(10))
			.until(() -> lagging.lagMillis() == 0 && current.lagMillis() == 0);
		Map<String, Long> bothCurrent = reads(cluster);
		System.out.printf("least-lag, both current: %s%n", bothCurrent);

		assertThat(whileLagging).as("reads by replica while replica-1 lagged").containsOnlyKeys("replica-2");
		assertThat(bothCurrent).as("reads by replica with both current").containsOnlyKeys("replica-1", "replica-2");
		assertThat(bothCurrent.values()).allSatisfy((count) -> assertThat(count).isGreaterThan(READS * 3 / 10));
	}

	/** {@value #READS} read-only transactions, counted by the replica that ran them, by its port. */
	private Map<String, Long> reads(ReplicatedPostgres cluster) {
		Map<Integer, String> byPort = Map.of(cluster.replica("replica-1").port(), "replica-1",
				cluster.replica("replica-2").port(), "replica-2", cluster.primary().port(), "primary");
		Map<String, Long> served = new TreeMap<>();
		for (int i = 0; i < READS; i++) {
			served.merge(byPort.get(this.serverPorts.readOnly().port()), 1L, Long::sum);
		}
		return served;
	}

	private static void applyDelay(ClusterNode replica, String delay) throws SQLException {
		try (Connection connection = DriverManager.getConnection(replica.jdbcUrl(), replica.username(),
				replica.password()); Statement statement = connection.createStatement()) {
			statement.execute("alter system set recovery_min_apply_delay = '" + delay + "'");
			statement.execute("select pg_reload_conf()");
		}
	}

	/** An insert on the primary every 20 ms, on a connection of its own. */
	private static final class SteadyInserts implements AutoCloseable {

		private final Connection connection;

		private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();

		SteadyInserts(ClusterNode primary) throws SQLException {
			this.connection = DriverManager.getConnection(primary.jdbcUrl(), primary.username(), primary.password());
			this.writer.scheduleWithFixedDelay(this::insert, 0, 20, TimeUnit.MILLISECONDS);
		}

		private void insert() {
			try (Statement statement = this.connection.createStatement()) {
				statement.execute("insert into least_lag_writes default values");
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() throws Exception {
			this.writer.shutdown();
			this.writer.awaitTermination(10, TimeUnit.SECONDS);
			this.connection.close();
		}

	}

}
