package io.github.replicarouting.test.containers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.github.replicarouting.test.Backend;
import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.Db;
import io.github.replicarouting.test.ReplicatedClusterException;
import io.github.replicarouting.test.postgresql.Lsn;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The fixture's own controls on containers, like {@code ReplicatedPostgresIT} on the embedded
 * backend: replication, positions, replay pause and delay, stop, kill and start, promotion (last, since it
 * is for good), properties. Image and network mode come from the environment (CI: the locally
 * built image with host networking).
 */
@ReplicatedPostgresTest(replicas = 2, backend = Backend.CONTAINERS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerizedReplicatedPostgresIT {

	@BeforeAll
	static void createTable(ReplicatedPostgres cluster) {
		System.out.printf(Locale.ROOT, "ReplicatedPostgres startup: primary + 2 replicas ready in %.1f s%n",
				cluster.startupTime().toMillis() / 1000.0);
		Db.execute(cluster.primary(), "create table items (id int primary key, name text)");
		cluster.awaitAllReplicated();
	}

	@Test
	@Order(1)
	void eachServerReportsItsRoleAndItsOwnPort(ReplicatedPostgres cluster) {
		assertThat(Db.value(cluster.primary(), "select pg_is_in_recovery()")).isEqualTo("f");
		for (ClusterNode replica : cluster.replicas()) {
			assertThat(Db.value(replica, "select pg_is_in_recovery()")).isEqualTo("t");
			assertThat(Db.value(replica, "select status from pg_stat_wal_receiver")).isEqualTo("streaming");
		}
		assertThat(cluster.replicas()).extracting(ClusterNode::name)
			.containsExactly("replica-1", "replica-2");
		assertThat(cluster.backend()).isEqualTo(Backend.CONTAINERS);
		assertThat(cluster.replicas()).extracting(ClusterNode::port).doesNotHaveDuplicates();
	}

	@Test
	@Order(2)
	void writesOnPrimaryBecomeVisibleOnBothReplicasAndPositionsAdvance(ReplicatedPostgres cluster) {
		Lsn before = cluster.primaryPosition();
		Db.execute(cluster.primary(), "insert into items values (1, 'written on primary')");
		Lsn after = cluster.primaryPosition();
		assertThat(after).isGreaterThan(before);
		cluster.awaitAllReplicated();
		for (ClusterNode replica : cluster.replicas()) {
			assertThat(cluster.replayedPosition(replica.name())).isGreaterThanOrEqualTo(after);
			assertThat(Db.value(replica, "select name from items where id = 1")).isEqualTo("written on primary");
		}
	}

	@Test
	@Order(3)
	void pausedReplicaServesStaleReadsUntilReplayResumes(ReplicatedPostgres cluster) {
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
		cluster.awaitReplicated("replica-1");
		assertThat(Db.value(cluster.replica("replica-1"), "select name from items where id = 2"))
			.isEqualTo("after pause");
	}

	@Test
	@Order(3)
	void delayedReplicaReceivesEverythingButAppliesNothingUntilResumed(ReplicatedPostgres cluster) {
		cluster.delayReplication("replica-1", Duration.ofHours(1));
		ClusterNode delayed = cluster.replica("replica-1");
		try {
			Db.execute(cluster.primary(), "insert into items values (6, 'while delayed')");
			Lsn written = cluster.primaryPosition();
			cluster.awaitReplicated("replica-2");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Lsn.parse(Db.value(delayed, "select pg_last_wal_receive_lsn()")).isAtLeast(written));
			assertThat(Db.value(delayed, "select status from pg_stat_wal_receiver")).isEqualTo("streaming");
			assertThat(Db.value(delayed, "select name from items where id = 6")).isNull();
			assertThat(cluster.replayedPosition("replica-1")).isLessThan(written);
		}
		finally {
			cluster.resumeReplication("replica-1");
		}
		cluster.awaitReplicated("replica-1");
		assertThat(Db.value(delayed, "select name from items where id = 6")).isEqualTo("while delayed");
	}

	@Test
	@Order(4)
	void killedReplicaRefusesConnectionsThenCatchesUpAfterStartOnTheSameAddress(
			ReplicatedPostgres cluster) {
		ClusterNode replica = cluster.replica("replica-1");
		String url = replica.jdbcUrl();

		cluster.kill("replica-1");
		assertThat(replica.isRunning()).isFalse();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> Db.value(replica, "select 1"));
		Db.execute(cluster.primary(), "insert into items values (3, 'while replica-1 was dead')");

		cluster.start("replica-1");
		assertThat(replica.isRunning()).isTrue();
		assertThat(replica.jdbcUrl()).isEqualTo(url);
		cluster.awaitReplicated("replica-1");
		assertThat(Db.value(replica, "select name from items where id = 3")).isEqualTo("while replica-1 was dead");
	}

	@Test
	@Order(5)
	void stoppedReplicaStartsAgainAndStreams(ReplicatedPostgres cluster) {
		cluster.stop("replica-2");
		assertThat(cluster.replica("replica-2").isRunning()).isFalse();
		Db.execute(cluster.primary(), "insert into items values (4, 'while replica-2 was stopped')");

		cluster.start("replica-2");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Db.value(cluster.replica("replica-2"), "select name from items where id = 4"),
					"while replica-2 was stopped"::equals);
		assertThat(Db.value(cluster.replica("replica-2"), "select status from pg_stat_wal_receiver"))
			.isEqualTo("streaming");
	}

	@Test
	@Order(6)
	void registersTheSamePropertiesWithASpringRegistry(ReplicatedPostgres cluster) {
		Map<String, Object> registered = new LinkedHashMap<>();
		cluster.registerProperties((name, value) -> registered.put(name, value.get()));
		assertThat(registered).isEqualTo(cluster.properties());
		assertThat(cluster.properties()).containsEntry("replica-routing.primary.url", cluster.primary().jdbcUrl())
			.containsEntry("replica-routing.primary.username", "postgres")
			.containsEntry("replica-routing.replicas.replica-1.url", cluster.replica("replica-1").jdbcUrl())
			.containsEntry("replica-routing.replicas.replica-2.url", cluster.replica("replica-2").jdbcUrl())
			.hasSize(5);
	}

	@Test
	@Order(7)
	void promotedReplicaAcceptsWrites(ReplicatedPostgres cluster) {
		cluster.promote("replica-2");

		assertThat(Db.value(cluster.replica("replica-2"), "select pg_is_in_recovery()")).isEqualTo("f");
		Db.execute(cluster.replica("replica-2"), "insert into items values (5, 'on the promoted replica')");
		assertThat(Db.value(cluster.replica("replica-2"), "select name from items where id = 5"))
			.isEqualTo("on the promoted replica");
	}

	@Test
	void anImageWithoutTheServerBinariesFailsSayingWhatIsMissing() {
		assertThatExceptionOfType(ReplicatedClusterException.class)
			.isThrownBy(() -> ReplicatedPostgres.builder().containers()
				.replicas(0)
				.binDirectory("/no/such/bin")
				.timeout(Duration.ofSeconds(20))
				.start()
				.close())
			.withMessageContaining("lacks the PostgreSQL binaries")
			.withMessageContaining("/no/such/bin/initdb");
	}

}
