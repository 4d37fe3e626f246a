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
import io.github.replicarouting.test.internal.ContainerDefaults;
import io.github.replicarouting.test.mariadb.GtidPosition;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDb;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDbTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The MariaDB fixture's controls on containers, like {@code ReplicatedMariaDbIT} on the embedded
 * backend, each checked against the servers themselves: roles and identities, applier pause and
 * delay, positions, kill, stop and start, promotion (last, since it is for good), properties.
 * Image and network mode come from the environment (CI: the locally built image with host
 * networking).
 */
@ReplicatedMariaDbTest(replicas = 2, backend = Backend.CONTAINERS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerizedReplicatedMariaDbIT {

	@BeforeAll
	static void createTable(ReplicatedMariaDb cluster) {
		System.out.printf(Locale.ROOT, "ReplicatedMariaDb startup: primary + 2 replicas ready in %.1f s%n",
				cluster.startupTime().toMillis() / 1000.0);
		Db.execute(cluster.primary(), "create table events (id int primary key, name text)");
		cluster.awaitAllReplicated();
	}

	@Test
	@Order(1)
	void primaryWritesAndReplicasAreReadOnlyCopiesServedUnderTheirOwnIdentity(ReplicatedMariaDb cluster) {
		Db.execute(cluster.primary(), "insert into events values (1, 'first')");
		cluster.awaitAllReplicated();

		assertThat(Db.value(cluster.primary(), "select @@read_only")).isEqualTo("0");
		assertThat(Db.value(cluster.primary(), "select @@server_id")).isEqualTo("1");
		assertThat(Db.value(cluster.primary(), "select @@port")).isEqualTo(String.valueOf(cluster.primary().port()));
		for (ClusterNode replica : cluster.replicas()) {
			assertThat(Db.value(replica, "select @@read_only")).isEqualTo("1");
			assertThat(Db.value(replica, "select @@port")).isEqualTo(String.valueOf(replica.port()));
			assertThat(Db.value(replica, "select @@server_id"))
				.isEqualTo(String.valueOf(cluster.serverId(replica.name())));
			assertThat(Db.value(replica, "select name from events where id = 1")).isEqualTo("first");
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> Db.execute(replica, "insert into events values (100, 'on a replica')"))
				.withStackTraceContaining("read-only");
		}
		assertThat(cluster.replayedPosition("replica-1").isAtLeast(cluster.primaryPosition())).isTrue();
	}

	@Test
	@Order(2)
	void pausedReplicaReportsNoLagServesStaleReadsAndCatchesUpOnResume(ReplicatedMariaDb cluster) {
		cluster.pauseReplication("replica-1");
		Db.execute(cluster.primary(), "insert into events values (2, 'while paused')");
		GtidPosition written = cluster.primaryPosition();
		cluster.awaitReplicated("replica-2");

		ClusterNode paused = cluster.replica("replica-1");
		assertThat(Db.value(paused, "select count(*) from events where id = 2")).isEqualTo("0");
		assertThat(cluster.replayedPosition("replica-1").isAtLeast(written)).isFalse();
		assertThat(Db.value(cluster.replica("replica-2"), "select count(*) from events where id = 2")).isEqualTo("1");

		cluster.resumeReplication("replica-1");
		cluster.awaitReplicated("replica-1");
		assertThat(Db.value(paused, "select name from events where id = 2")).isEqualTo("while paused");
	}

	@Test
	@Order(3)
	void delayedReplicaAppliesNothingUntilResumed(ReplicatedMariaDb cluster) {
		cluster.delayReplication("replica-1", Duration.ofHours(1));
		Db.execute(cluster.primary(), "insert into events values (3, 'while delayed')");
		GtidPosition written = cluster.primaryPosition();
		cluster.awaitReplicated("replica-2");

		assertThat(Db.value(cluster.replica("replica-1"), "select count(*) from events where id = 3")).isEqualTo("0");
		assertThat(cluster.replayedPosition("replica-1").isAtLeast(written)).isFalse();

		cluster.resumeReplication("replica-1");
		cluster.awaitReplicated("replica-1");
		assertThat(Db.value(cluster.replica("replica-1"), "select count(*) from events where id = 3")).isEqualTo("1");
	}

	@Test
	@Order(4)
	void killedReplicaRefusesConnectionsThenCatchesUpAfterStartOnTheSameAddress(ReplicatedMariaDb cluster) {
		ClusterNode replica = cluster.replica("replica-1");
		String url = replica.jdbcUrl();

		cluster.kill("replica-1");
		assertThat(replica.isRunning()).isFalse();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> Db.value(replica, "select 1"));
		Db.execute(cluster.primary(), "insert into events values (4, 'while replica-1 was dead')");

		cluster.start("replica-1");
		assertThat(replica.isRunning()).isTrue();
		assertThat(replica.jdbcUrl()).isEqualTo(url);
		cluster.awaitReplicated("replica-1");
		assertThat(Db.value(replica, "select name from events where id = 4")).isEqualTo("while replica-1 was dead");
		assertThat(Db.value(replica, "select @@read_only")).isEqualTo("1");
	}

	@Test
	@Order(5)
	void stoppedPrimaryComesBackAndReplicasFollowAgain(ReplicatedMariaDb cluster) {
		cluster.stop("primary");
		assertThat(cluster.primary().isRunning()).isFalse();

		cluster.start("primary");
		Db.execute(cluster.primary(), "insert into events values (5, 'after the restart')");

		await().atMost(Duration.ofSeconds(20))
			.until(() -> Db.value(cluster.replica("replica-2"), "select count(*) from events where id = 5"),
					"1"::equals);
	}

	@Test
	@Order(6)
	void registersTheSamePropertiesWithASpringRegistry(ReplicatedMariaDb cluster) {
		Map<String, Object> registered = new LinkedHashMap<>();
		cluster.registerProperties((name, value) -> registered.put(name, value.get()));
		assertThat(registered).isEqualTo(cluster.properties());
		assertThat(cluster.properties()).containsEntry("replica-routing.primary.url", cluster.primary().jdbcUrl())
			.containsEntry("replica-routing.primary.username", "app")
			.containsEntry("replica-routing.replicas.replica-1.url", cluster.replica("replica-1").jdbcUrl())
			.containsEntry("replica-routing.replicas.replica-2.url", cluster.replica("replica-2").jdbcUrl())
			.hasSize(5);
		assertThat(cluster.primary().jdbcUrl()).startsWith("jdbc:mariadb://").endsWith("/app");
	}

	@Test
	@Order(7)
	void promotedReplicaAcceptsWritesAlsoAfterARestart(ReplicatedMariaDb cluster) {
		ClusterNode replica = cluster.replica("replica-2");

		cluster.promote("replica-2");
		assertThat(Db.value(replica, "select @@read_only")).isEqualTo("0");
		Db.execute(replica, "insert into events values (100, 'on the promoted replica')");

		cluster.stop("replica-2");
		cluster.start("replica-2");
		assertThat(Db.value(replica, "select @@read_only")).isEqualTo("0");
		Db.execute(replica, "insert into events values (101, 'after its restart')");
		assertThat(Db.value(replica, "select count(*) from events where id >= 100")).isEqualTo("2");
		assertThat(Db.value(cluster.primary(), "select count(*) from events where id >= 100")).isEqualTo("0");
	}

	@Test
	void anImageWithoutTheServerBinariesFailsSayingWhatIsMissing() {
		String postgresImage = ContainerDefaults.fromSystem().image();

		assertThatExceptionOfType(ReplicatedClusterException.class)
			.isThrownBy(() -> ReplicatedMariaDb.builder().containers()
				.replicas(0)
				.image(postgresImage)
				.timeout(Duration.ofSeconds(20))
				.start()
				.close())
			.withMessageContaining("lacks the MariaDB binaries")
			.withMessageContaining("mariadb-install-db");
	}

}
