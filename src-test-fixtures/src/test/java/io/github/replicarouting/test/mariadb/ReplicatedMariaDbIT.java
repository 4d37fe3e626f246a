package io.github.replicarouting.test.mariadb;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.Db;

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
		Db.execute(cluster.primary(), "create table events (id int primary key)");
	}

	@AfterAll
	static void closeCluster() {
		cluster.close();
	}

	@Test
	@Order(1)
	void primaryWritesAndReplicasAreReadOnlyCopiesServedUnderTheirOwnIdentity() {
		Db.execute(cluster.primary(), "insert into events values (1)");
		cluster.awaitAllReplicated();

		assertThat(Db.value(cluster.primary(), "select @@read_only")).isEqualTo("0");
		assertThat(Db.value(cluster.primary(), "select @@server_id")).isEqualTo("1");
		for (ClusterNode replica : cluster.replicas()) {
			assertThat(Db.value(replica, "select @@read_only")).isEqualTo("1");
			assertThat(Db.value(replica, "select @@port")).isEqualTo(String.valueOf(replica.port()));
			assertThat(Db.value(replica, "select @@server_id"))
				.isEqualTo(String.valueOf(cluster.serverId(replica.name())));
			assertThat(Db.value(replica, "select count(*) from events where id = 1")).isEqualTo("1");
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> Db.execute(replica, "insert into events values (100)"))
				.withStackTraceContaining("read-only");
		}
		assertThat(cluster.replayedPosition("replica-1").isAtLeast(cluster.primaryPosition())).isTrue();
	}

	@Test
	@Order(2)
	void pausedReplicaFallsBehindAndCatchesUpOnResume() {
		cluster.pauseReplication("replica-1");
		Db.execute(cluster.primary(), "insert into events values (2)");
		GtidPosition written = cluster.primaryPosition();
		cluster.awaitReplicated("replica-2");

		assertThat(Db.value(cluster.replica("replica-1"), "select count(*) from events where id = 2"))
			.isEqualTo("0");
		assertThat(cluster.replayedPosition("replica-1").isAtLeast(written)).isFalse();
		assertThat(Db.value(cluster.replica("replica-2"), "select count(*) from events where id = 2"))
			.isEqualTo("1");

		cluster.resumeReplication("replica-1");
		cluster.awaitReplicated("replica-1");

		assertThat(cluster.replayedPosition("replica-1").isAtLeast(written)).isTrue();
		assertThat(Db.value(cluster.replica("replica-1"), "select count(*) from events where id = 2"))
			.isEqualTo("1");
	}

	@Test
	@Order(3)
	void delayedReplicaKeepsReplicatingButAppliesNothingUntilResumed() {
		cluster.delayReplication("replica-1", Duration.ofHours(1));
		Db.execute(cluster.primary(), "insert into events values (3)");
		GtidPosition written = cluster.primaryPosition();
		cluster.awaitReplicated("replica-2");

		assertThat(Db.value(cluster.replica("replica-1"), "select count(*) from events where id = 3"))
			.isEqualTo("0");
		assertThat(cluster.replayedPosition("replica-1").isAtLeast(written)).isFalse();

		cluster.resumeReplication("replica-1");
		cluster.awaitReplicated("replica-1");
		assertThat(Db.value(cluster.replica("replica-1"), "select count(*) from events where id = 3"))
			.isEqualTo("1");
	}

	@Test
	@Order(4)
	void killedReplicaIsGoneAndCatchesUpAfterStart() {
		ClusterNode replica = cluster.replica("replica-1");
		cluster.kill("replica-1");

		assertThat(replica.isRunning()).isFalse();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(replica.port()));

		Db.execute(cluster.primary(), "insert into events values (4)");
		cluster.start("replica-1");
		cluster.awaitReplicated("replica-1");

		assertThat(replica.isRunning()).isTrue();
		assertThat(Db.value(replica, "select count(*) from events where id = 4")).isEqualTo("1");
		assertThat(Db.value(replica, "select @@read_only")).isEqualTo("1");
	}

	@Test
	@Order(5)
	void stoppedPrimaryComesBackAndReplicasFollowAgain() {
		cluster.stop("primary");
		assertThat(cluster.primary().isRunning()).isFalse();

		cluster.start("primary");
		Db.execute(cluster.primary(), "insert into events values (5)");

		await().atMost(Duration.ofSeconds(20))
			.until(() -> Db.value(cluster.replica("replica-1"), "select count(*) from events where id = 5"),
					"1"::equals);
	}

	@Test
	@Order(6)
	void promotedReplicaStopsReplicatingAndAcceptsWrites() {
		ClusterNode replica = cluster.replica("replica-2");

		cluster.promote("replica-2");

		assertThat(Db.value(replica, "select @@read_only")).isEqualTo("0");
		Db.execute(replica, "insert into events values (100)");
		assertThat(Db.value(replica, "select count(*) from events where id = 100")).isEqualTo("1");
		assertThat(Db.value(cluster.primary(), "select count(*) from events where id = 100")).isEqualTo("0");
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

}
