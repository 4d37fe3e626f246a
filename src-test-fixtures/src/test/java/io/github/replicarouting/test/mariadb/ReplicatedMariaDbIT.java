package io.github.replicarouting.test.mariadb;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The fixture's controls on one cluster, each checked against the servers themselves: roles,
 * replication, applier pause and delay, positions, crash and restart, promotion, and a close
 * that leaves no process and no file.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedMariaDbIT {

	private static ReplicatedMariaDb cluster;

	@BeforeAll
	static void startCluster() {
		cluster = ReplicatedMariaDb.builder().replicas(2).start();
		System.out.println("[mariadb] ReplicatedMariaDb: primary and 2 replicas ready in "
				+ cluster.startupTime().toMillis() + " ms");
		MariaDbDb.execute(cluster.primary(), "create table events (id int primary key)");
	}

	@AfterAll
	static void closeCluster() {
		cluster.close();
	}

	@Test
	@Order(1)
	void primaryWritesAndReplicasAreReadOnlyCopiesServedUnderTheirOwnIdentity() {
		MariaDbDb.execute(cluster.primary(), "insert into events values (1)");
		cluster.awaitAllReplicated();

		assertThat(MariaDbDb.value(cluster.primary(), "select @@read_only")).isEqualTo("0");
		assertThat(MariaDbDb.value(cluster.primary(), "select @@server_id")).isEqualTo("1");
		for (MariaDbNode replica : cluster.replicas()) {
			assertThat(MariaDbDb.value(replica, "select @@read_only")).isEqualTo("1");
			assertThat(MariaDbDb.value(replica, "select @@port")).isEqualTo(String.valueOf(replica.port()));
			assertThat(MariaDbDb.value(replica, "select @@server_id")).isEqualTo(String.valueOf(replica.serverId()));
			assertThat(MariaDbDb.value(replica, "select count(*) from events where id = 1")).isEqualTo("1");
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> MariaDbDb.execute(replica, "insert into events values (100)"))
				.withStackTraceContaining("read-only");
		}
		assertThat(cluster.replayedGtidPosition("replica-1").isAtLeast(cluster.primaryGtidPosition())).isTrue();
	}

	@Test
	@Order(2)
	void pausedReplicaFallsBehindAndCatchesUpOnResume() {
		cluster.pauseReplication("replica-1");
		MariaDbDb.execute(cluster.primary(), "insert into events values (2)");
		GtidPosition written = cluster.primaryGtidPosition();
		cluster.awaitReplicated("replica-2");

		assertThat(MariaDbDb.value(cluster.replica("replica-1"), "select count(*) from events where id = 2"))
			.isEqualTo("0");
		assertThat(cluster.replayedGtidPosition("replica-1").isAtLeast(written)).isFalse();
		assertThat(MariaDbDb.value(cluster.replica("replica-2"), "select count(*) from events where id = 2"))
			.isEqualTo("1");

		cluster.resumeReplication("replica-1");
		cluster.awaitReplicated("replica-1");

		assertThat(cluster.replayedGtidPosition("replica-1").isAtLeast(written)).isTrue();
		assertThat(MariaDbDb.value(cluster.replica("replica-1"), "select count(*) from events where id = 2"))
			.isEqualTo("1");
	}

	@Test
	@Order(3)
	void delayedReplicaKeepsReplicatingButAppliesNothingUntilResumed() {
		cluster.delayReplication("replica-1", Duration.ofHours(1));
		MariaDbDb.execute(cluster.primary(), "insert into events values (3)");
		GtidPosition written = cluster.primaryGtidPosition();
		cluster.awaitReplicated("replica-2");

		assertThat(MariaDbDb.value(cluster.replica("replica-1"), "select count(*) from events where id = 3"))
			.isEqualTo("0");
		assertThat(cluster.replayedGtidPosition("replica-1").isAtLeast(written)).isFalse();

		cluster.resumeReplication("replica-1");
		cluster.awaitReplicated("replica-1");
		assertThat(MariaDbDb.value(cluster.replica("replica-1"), "select count(*) from events where id = 3"))
			.isEqualTo("1");
	}

	@Test
	@Order(4)
	void killedReplicaIsGoneAndCatchesUpAfterStart() {
		MariaDbNode replica = cluster.replica("replica-1");
		cluster.kill("replica-1");

		assertThat(replica.isRunning()).isFalse();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(replica.port()));

		MariaDbDb.execute(cluster.primary(), "insert into events values (4)");
		cluster.start("replica-1");
		cluster.awaitReplicated("replica-1");

		assertThat(replica.isRunning()).isTrue();
		assertThat(MariaDbDb.value(replica, "select count(*) from events where id = 4")).isEqualTo("1");
		assertThat(MariaDbDb.value(replica, "select @@read_only")).isEqualTo("1");
	}

	@Test
	@Order(5)
	void stoppedPrimaryComesBackAndReplicasFollowAgain() {
		cluster.stop("primary");
		assertThat(cluster.primary().isRunning()).isFalse();

		cluster.start("primary");
		MariaDbDb.execute(cluster.primary(), "insert into events values (5)");

		await().atMost(Duration.ofSeconds(20))
			.until(() -> MariaDbDb.value(cluster.replica("replica-1"), "select count(*) from events where id = 5"),
					"1"::equals);
	}

	@Test
	@Order(6)
	void promotedReplicaStopsReplicatingAndAcceptsWrites() {
		MariaDbNode replica = cluster.replica("replica-2");

		cluster.promote("replica-2");

		assertThat(MariaDbDb.value(replica, "select @@read_only")).isEqualTo("0");
		MariaDbDb.execute(replica, "insert into events values (100)");
		assertThat(MariaDbDb.value(replica, "select count(*) from events where id = 100")).isEqualTo("1");
		assertThat(MariaDbDb.value(cluster.primary(), "select count(*) from events where id = 100")).isEqualTo("0");
	}

	@Test
	@Order(7)
	void closeLeavesNoServerAndNoFile() throws IOException {
		ReplicatedMariaDb other = ReplicatedMariaDb.builder().replicas(1).start();
		Path directory = other.directory();
		String dataDirectory = directory.resolve("replica-1").toString();
		assertThat(serversOf(dataDirectory)).isPositive();

		other.close();

		assertThat(serversOf(directory.toString())).isZero();
		assertThat(Files.exists(directory)).isFalse();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(other.primary().port()));
	}

	private static long serversOf(String directory) {
		return ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().map((line) -> line.contains(directory)).orElse(false))
			.count();
	}

	private static void connect(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
		}
	}

	/**
	 * Plain JDBC as the application user, with MariaDB Connector/J.
	 */
	static final class MariaDbDb {

		private MariaDbDb() {
		}

		static void execute(MariaDbNode node, String sql) {
			try (Connection connection = DriverManager.getConnection(node.jdbcUrl(), node.username(), node.password());
					Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(node.name() + ": " + sql, ex);
			}
		}

		static String value(MariaDbNode node, String sql) {
			try (Connection connection = DriverManager.getConnection(node.jdbcUrl(), node.username(), node.password());
					Statement statement = connection.createStatement();
					java.sql.ResultSet result = statement.executeQuery(sql)) {
				return result.next() ? result.getString(1) : null;
			}
			catch (SQLException ex) {
				throw new IllegalStateException(node.name() + ": " + sql, ex);
			}
		}

	}

}
