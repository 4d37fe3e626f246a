package io.github.replicarouting.test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.github.replicarouting.test.postgresql.ReplicatedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Crashes, restarts and promotion, on one cluster: replica-1 is killed and stopped, replica-2 is
 * promoted last because a promoted replica no longer follows the primary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaFailureIT {

	private static ReplicatedPostgres cluster;

	@BeforeAll
	static void startCluster() {
		cluster = ReplicatedPostgres.builder().replicas(2).start();
		Db.execute(cluster.primary(), "create table events (id int primary key)");
	}

	@AfterAll
	static void closeCluster() {
		cluster.close();
	}

	@Test
	@Order(1)
	void killedReplicaIsGoneAndCatchesUpAfterStart() throws IOException {
		ClusterNode replica = cluster.replica("replica-1");
		String dataDirectory = cluster.directory().resolve("replica-1").toString();
		assertThat(ProcessTable.commandLinesContaining(dataDirectory)).isNotEmpty();

		cluster.kill("replica-1");

		assertThat(replica.isRunning()).isFalse();
		assertThat(ProcessTable.commandLinesContaining(dataDirectory)).isEmpty();
		assertThat(ProcessTable.commandLinesContaining(cluster.directory().getFileName() + "-replica-1")).isEmpty();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(replica.port()));

		Db.execute(cluster.primary(), "insert into events values (1)");
		cluster.start("replica-1");

		assertThat(replica.isRunning()).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Db.value(replica, "select count(*) from events where id = 1"), "1"::equals);
		assertThat(Db.value(replica, "select pg_is_in_recovery()")).isEqualTo("t");
	}

	@Test
	@Order(2)
	void stoppedReplicaStartsAgainAndCatchesUp() {
		ClusterNode replica = cluster.replica("replica-1");
		cluster.stop("replica-1");
		assertThat(replica.isRunning()).isFalse();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(replica.port()));

		Db.execute(cluster.primary(), "insert into events values (2)");
		cluster.start("replica-1");

		cluster.awaitReplicated("replica-1");
		assertThat(Db.value(replica, "select count(*) from events where id = 2")).isEqualTo("1");
	}

	@Test
	@Order(3)
	void promotedReplicaLeavesRecoveryAndAcceptsWrites() {
		ClusterNode replica = cluster.replica("replica-2");
		assertThat(Db.value(replica, "select pg_is_in_recovery()")).isEqualTo("t");

		cluster.promote("replica-2");

		assertThat(Db.value(replica, "select pg_is_in_recovery()")).isEqualTo("f");
		Db.execute(replica, "insert into events values (100)");
		assertThat(Db.value(replica, "select count(*) from events where id = 100")).isEqualTo("1");
		assertThat(Db.value(cluster.primary(), "select count(*) from events where id = 100")).isEqualTo("0");
	}

	@Test
	@Order(4)
	void killedPrimaryComesBackAndReplicasStreamAgain() {
		Db.execute(cluster.primary(), "insert into events values (3)");
		cluster.kill("primary");
		assertThat(cluster.primary().isRunning()).isFalse();

		cluster.start("primary");

		Db.execute(cluster.primary(), "insert into events values (4)");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Db.value(cluster.replica("replica-1"), "select count(*) from events where id in (3, 4)"),
					"2"::equals);
	}

	private static void connect(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
		}
	}

}
