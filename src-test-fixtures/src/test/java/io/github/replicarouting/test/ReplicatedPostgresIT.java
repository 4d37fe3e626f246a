package io.github.replicarouting.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.replicarouting.test.postgresql.Lsn;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReplicatedPostgresIT {

	private static ReplicatedPostgres cluster;

	@BeforeAll
	static void startCluster() {
		cluster = ReplicatedPostgres.builder().replicas(2).start();
		// Measured, not asserted: the goal is under 5 s on 2 cores.
		System.out.printf(Locale.ROOT, "ReplicatedPostgres startup: primary + 2 replicas ready in %.1f s%n",
				cluster.startupTime().toMillis() / 1000.0);
		Db.execute(cluster.primary(), "create table items (id int primary key, name text)");
		cluster.awaitAllReplicated();
	}

	@AfterAll
	static void closeCluster() {
		cluster.close();
	}

	@Test
	void writesOnPrimaryBecomeVisibleOnBothReplicas() {
		Db.execute(cluster.primary(), "insert into items values (1, 'written on primary')");
		for (ClusterNode replica : cluster.replicas()) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Db.value(replica, "select name from items where id = 1"), (name) -> name != null);
			assertThat(Db.value(replica, "select name from items where id = 1")).isEqualTo("written on primary");
		}
	}

	@Test
	void eachServerReportsItsRoleAndItsOwnPort() {
		assertThat(Db.value(cluster.primary(), "select pg_is_in_recovery()")).isEqualTo("f");
		assertThat(Db.value(cluster.primary(), "select inet_server_port()"))
			.isEqualTo(String.valueOf(cluster.primary().port()));
		for (ClusterNode replica : cluster.replicas()) {
			assertThat(Db.value(replica, "select pg_is_in_recovery()")).isEqualTo("t");
			assertThat(Db.value(replica, "select inet_server_port()")).isEqualTo(String.valueOf(replica.port()));
			assertThat(Db.value(replica, "select status from pg_stat_wal_receiver")).isEqualTo("streaming");
		}
		assertThat(cluster.replicas()).extracting(ClusterNode::name).containsExactly("replica-1", "replica-2");
	}

	@Test
	void pausedReplicaServesStaleReadsUntilReplayResumes() {
		cluster.pauseReplication("replica-1");
		try {
			Db.execute(cluster.primary(), "insert into items values (2, 'after pause')");
			cluster.awaitReplicated("replica-2");
			assertThat(Db.value(cluster.replica("replica-2"), "select name from items where id = 2"))
				.isEqualTo("after pause");
			assertThat(Db.value(cluster.replica("replica-1"), "select name from items where id = 2")).isNull();
			assertThat(cluster.replayedPosition("replica-1")).isLessThan(cluster.primaryPosition());
		}
		finally {
			cluster.resumeReplication("replica-1");
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Db.value(cluster.replica("replica-1"), "select name from items where id = 2"),
					(name) -> "after pause".equals(name));
	}

	@Test
	void delayedReplicaReceivesEverythingButAppliesNothingUntilResumed() {
		cluster.delayReplication("replica-1", Duration.ofHours(1));
		ClusterNode delayed = cluster.replica("replica-1");
		try {
			Db.execute(cluster.primary(), "insert into items values (5, 'while delayed')");
			Lsn written = cluster.primaryPosition();
			cluster.awaitReplicated("replica-2");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Lsn.parse(Db.value(delayed, "select pg_last_wal_receive_lsn()")).isAtLeast(written));
			assertThat(Db.value(delayed, "select status from pg_stat_wal_receiver")).isEqualTo("streaming");
			assertThat(Db.value(delayed, "select name from items where id = 5")).isNull();
			assertThat(cluster.replayedPosition("replica-1")).isLessThan(written);
		}
		finally {
			cluster.resumeReplication("replica-1");
		}
		cluster.awaitReplicated("replica-1");
		assertThat(Db.value(delayed, "select name from items where id = 5")).isEqualTo("while delayed");
		assertThat(Db.value(delayed, "show recovery_min_apply_delay")).isEqualTo("0");
	}

	@Test
	void replicasReachThePrimaryPositionAfterAWrite() {
		Lsn before = cluster.primaryPosition();
		Db.execute(cluster.primary(), "insert into items values (3, 'moves the position')");
		Lsn after = cluster.primaryPosition();
		assertThat(after).isGreaterThan(before);
		cluster.awaitAllReplicated();
		for (ClusterNode replica : cluster.replicas()) {
			assertThat(cluster.replayedPosition(replica.name())).isGreaterThanOrEqualTo(after);
			assertThat(Db.value(replica, "select name from items where id = 3")).isEqualTo("moves the position");
		}
	}

	@Test
	void registersTheSamePropertiesWithASpringRegistry() {
		Map<String, Object> registered = new LinkedHashMap<>();
		cluster.registerProperties((name, value) -> registered.put(name, value.get()));
		assertThat(registered).isEqualTo(cluster.properties());
	}

	@Test
	void propertiesPointAtEveryNode() {
		assertThat(cluster.properties()).containsEntry("replica-routing.primary.url", cluster.primary().jdbcUrl())
			.containsEntry("replica-routing.primary.username", "postgres")
			.containsEntry("replica-routing.primary.password", "postgres")
			.containsEntry("replica-routing.replicas.replica-1.url", cluster.replica("replica-1").jdbcUrl())
			.containsEntry("replica-routing.replicas.replica-2.url", cluster.replica("replica-2").jdbcUrl())
			.hasSize(5);
		assertThat(cluster.primary().jdbcUrl())
			.isEqualTo("jdbc:postgresql://127.0.0.1:" + cluster.primary().port() + "/postgres");
	}

}
