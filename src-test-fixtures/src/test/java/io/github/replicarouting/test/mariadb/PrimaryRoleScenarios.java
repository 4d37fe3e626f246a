package io.github.replicarouting.test.mariadb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.actuate.ReplicaRoutingEndpoint;
import io.github.replicarouting.actuate.ReplicaRoutingMetrics;
import io.github.replicarouting.health.PrimaryState;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.ReplicatedCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The configured primary demoted under a running application ({@code failover.mode: none}),
 * whatever the vendor: a switchover makes it a replica of {@code replica-1}. Its probe finds it
 * {@code READ_ONLY} within a few probe rounds, and health, the endpoint and the metrics say so;
 * a write then fails at once with an exception naming it, and never reaches the server (on
 * MariaDB a privileged user would write past {@code read_only}: an errant transaction); reads go
 * on; the pooled sessions opened while it was writable are evicted. Switched back, it takes
 * writes again. Subclasses bring the cluster (primary and two replicas) and set a 500 ms probe
 * interval and a primary pool of {@value #POOL} connections.
 */
public abstract class PrimaryRoleScenarios {

	static final int POOL = 3;

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	@Autowired
	ServerReads reads;

	@Autowired
	Notes notes;

	@Autowired
	VendorSql sql;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	ReplicaRoutingDataSource dataSource;


	protected abstract ReplicatedCluster<?> cluster();

	@Test
	void aDemotedPrimaryTakesNoWriteIsReadOnlyEverywhereAndItsPooledSessionsAreEvicted() throws SQLException {
		ReplicatedCluster<?> cluster = cluster();
		ClusterNode primary = cluster.primary();
		awaitReplicasUp();
		this.notes.createTable();
		// The count below asks replica-1 directly: the table must have reached it.
		cluster.awaitAllReplicated();
		assertThat(this.reads.readWrite().port()).isEqualTo(primary.port());
		Set<Long> sessionsBefore = poolSessions();
		long notesBefore = countNotes(cluster.replica("replica-1"));

		long demotedAt = System.nanoTime();
		cluster.switchover("replica-1");
		await("primary READ_ONLY").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.monitor.primary().state() == PrimaryState.READ_ONLY);
		long knownMillis = millisSince(demotedAt);
		long writeStart = System.nanoTime();
		Throwable write = catchThrowable(() -> this.notes.write("on a demoted primary"));
		long writeMillis = millisSince(writeStart);
		Set<Long> sessionsAfter = poolSessions();
		int readPort = this.reads.readOnly().port();
		Map<String, Object> topology = new ReplicaRoutingEndpoint(this.monitor, new RoutingStatistics()).topology();
		MeterRegistry meters = new SimpleMeterRegistry();
		new ReplicaRoutingMetrics(this.monitor, new RoutingStatistics()).bindTo(meters);
		double gauge = meters.get("replica.routing.primary.state").tag("state", "READ_ONLY").gauge().value();
		System.out.printf("[%s] primary demoted by a switchover: READ_ONLY known after %d ms; a write failed in %d ms "
				+ "(%s); pooled sessions before %s, after %s; a read ran on port %d%n", label(), knownMillis,
				writeMillis, write, sessionsBefore, sessionsAfter, readPort);

		assertThat(write).as("a write on the demoted primary").isNotNull();
		assertThat(rootMessage(write)).contains("primary")
			.contains("READ_ONLY")
			.contains("a write is never sent to a node last seen read-only");
		assertThat(writeMillis).as("time for the write to fail, ms").isLessThan(PROBE_TIMEOUT.toMillis());
		assertThat(countNotes(cluster.currentPrimary())).as("notes on the new primary").isEqualTo(notesBefore);
		assertThat(countNotes(primary)).as("notes on the demoted primary").isEqualTo(notesBefore);
		assertThat(sessionsAfter).as("sessions of the primary's pool after the role change").doesNotContainAnyElementsOf(sessionsBefore);
		assertThat(readPort).isEqualTo(cluster.replica("replica-2").port());
		assertThat(((Map<?, ?>) topology.get("primary")).get("state")).isEqualTo("READ_ONLY");
		assertThat(gauge).isEqualTo(1.0);

		cluster.switchover(RoutingDecision.PRIMARY);
		await("primary UP").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.monitor.primary().state() == PrimaryState.UP);
		this.notes.write("on the primary again");
		assertThat(countNotes(primary)).isEqualTo(notesBefore + 1);
		assertThat(this.reads.readWrite().port()).isEqualTo(primary.port());
	}

	/** The server's ids of every session in the primary's pool, all held at once. */
	private Set<Long> poolSessions() throws SQLException {
		DataSource pool = this.dataSource.getPrimary().unwrap(DataSource.class);
		List<Connection> held = new ArrayList<>();
		Set<Long> ids = new HashSet<>();
		try {
			for (int i = 0; i < POOL; i++) {
				Connection connection = pool.getConnection();
				held.add(connection);
				try (Statement statement = connection.createStatement();
						ResultSet resultSet = statement.executeQuery("select " + this.sql.sessionId())) {
					resultSet.next();
					ids.add(resultSet.getLong(1));
				}
			}
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
		return ids;
	}

	private static long countNotes(ClusterNode node) {
		try (Connection connection = DriverManager.getConnection(node.jdbcUrl(), node.username(),
				node.password()); Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("select count(*) from note")) {
			resultSet.next();
			return resultSet.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void awaitReplicasUp() {
		for (ReplicaHealth replica : this.monitor.replicas()) {
			await(replica.target().name() + " UP").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(20))
				.until(replica::state, ReplicaState.UP::equals);
		}
	}

	private String label() {
		return getClass().getSimpleName();
	}

	private static String rootMessage(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append(" | ");
		}
		return messages.toString();
	}

	private static long millisSince(long start) {
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

}
