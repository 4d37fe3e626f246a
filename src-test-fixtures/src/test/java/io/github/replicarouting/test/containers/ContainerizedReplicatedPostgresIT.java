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

import io.github.replicarouting.test.Db;
import io.github.replicarouting.test.Lsn;
import io.github.replicarouting.test.ReplicatedPostgresException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The fixture's own controls on containers, like {@code ReplicatedPostgresIT} on the embedded
 * backend: replication, positions, replay pause, stop, kill and start, promotion (last, since it
 * is for good), properties. Image and network mode come from the environment (CI: the locally
 * built image with host networking).
 */
@ContainerizedReplicatedPostgresTest(replicas = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerizedReplicatedPostgresIT {

	@BeforeAll
	static void createTable(ContainerizedReplicatedPostgres cluster) {
		System.out.printf(Locale.ROOT, "ContainerizedReplicatedPostgres startup: primary + 2 replicas ready in %.1f s%n",
				cluster.startupTime().toMillis() / 1000.0);
		Db.execute(cluster.primary(), "create table items (id int primary key, name text)");
		cluster.awaitAllReplicated();
	}

	@Test
	@Order(1)
	void eachServerReportsItsRoleAndItsOwnPort(ContainerizedReplicatedPostgres cluster) {
		assertThat(Db.value(cluster.primary(), "select pg_is_in_recovery()")).isEqualTo("f");
		for (ContainerizedPostgresNode replica : cluster.replicas()) {
			assertThat(Db.value(replica, "select pg_is_in_recovery()")).isEqualTo("t");
			assertThat(Db.value(replica, "select status from pg_stat_wal_receiver")).isEqualTo("streaming");
		}
		assertThat(cluster.replicas()).extracting(ContainerizedPostgresNode::name)
			.containsExactly("replica-1", "replica-2");
		assertThat(cluster.replicas()).extracting(ContainerizedPostgresNode::containerId)
			.doesNotContainNull()
			.doesNotHaveDuplicates();
	}

	@Test
	@Order(2)
	void writesOnPrimaryBecomeVisibleOnBothReplicasAndPositionsAdvance(ContainerizedReplicatedPostgres cluster) {
		Lsn before = cluster.primaryWalPosition();
		Db.execute(cluster.primary(), "insert into items values (1, 'written on primary')");
		Lsn after = cluster.primaryWalPosition();
		assertThat(after).isGreaterThan(before);
		cluster.awaitAllReplicated();
		for (ContainerizedPostgresNode replica : cluster.replicas()) {
			assertThat(cluster.replayedPosition(replica.name())).isGreaterThanOrEqualTo(after);
			assertThat(Db.value(replica, "select name from items where id = 1")).isEqualTo("written on primary");
		}
	}

	@Test
	@Order(3)
	void pausedReplicaServesStaleReadsUntilReplayResumes(ContainerizedReplicatedPostgres cluster) {
		cluster.pauseReplay("replica-1");
		try {
			Db.execute(cluster.primary(), "insert into items values (2, 'after pause')");
			cluster.awaitReplicated("replica-2");
			assertThat(Db.value(cluster.replica("replica-2"), "select name from items where id = 2"))
				.isEqualTo("after pause");
			assertThat(Db.value(cluster.replica("replica-1"), "select name from items where id = 2")).isNull();
			assertThat(cluster.replayedPosition("replica-1")).isLessThan(cluster.primaryWalPosition());
		}
		finally {
			cluster.resumeReplay("replica-1");
		}
		cluster.awaitReplicated("replica-1");
		assertThat(Db.value(cluster.replica("replica-1"), "select name from items where id = 2"))
			.isEqualTo("after pause");
	}

	@Test
	@Order(4)
	void killedReplicaRefusesConnectionsThenCatchesUpAfterStartOnTheSameAddress(
			ContainerizedReplicatedPostgres cluster) {
		ContainerizedPostgresNode replica = cluster.replica("replica-1");
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
	void stoppedReplicaStartsAgainAndStreams(ContainerizedReplicatedPostgres cluster) {
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
	void registersTheSamePropertiesWithASpringRegistry(ContainerizedReplicatedPostgres cluster) {
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
	void promotedReplicaAcceptsWrites(ContainerizedReplicatedPostgres cluster) {
		cluster.promote("replica-2");

		assertThat(Db.value(cluster.replica("replica-2"), "select pg_is_in_recovery()")).isEqualTo("f");
		Db.execute(cluster.replica("replica-2"), "insert into items values (5, 'on the promoted replica')");
		assertThat(Db.value(cluster.replica("replica-2"), "select name from items where id = 5"))
			.isEqualTo("on the promoted replica");
	}

	@Test
	void anImageWithoutTheServerBinariesFailsSayingWhatIsMissing() {
		assertThatExceptionOfType(ReplicatedPostgresException.class)
			.isThrownBy(() -> ContainerizedReplicatedPostgres.builder()
				.replicas(0)
				.binDirectory("/no/such/bin")
				.timeout(Duration.ofSeconds(20))
				.start()
				.close())
			.withMessageContaining("lacks the PostgreSQL binaries")
			.withMessageContaining("/no/such/bin/initdb");
	}

}
