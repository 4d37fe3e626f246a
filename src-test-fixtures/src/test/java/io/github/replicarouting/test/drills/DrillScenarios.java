package io.github.replicarouting.test.drills;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.Db;
import io.github.replicarouting.test.PrimaryChange;
import io.github.replicarouting.test.ReplicatedCluster;
import io.github.replicarouting.test.ReplicationPosition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The drills of a primary change on one cluster, whatever the database and wherever it runs, in
 * the order an operator would live them: a switchover, a failover, the failed primary back first
 * as a second primary and then as a replica, a failover that loses writes, and one to a delayed
 * replica while another replica is down. Each is checked against the servers themselves (rows, roles, whom each replicates
 * from) and timed. Subclasses bring the cluster and the few statements that differ by vendor.
 *
 * @param <P> the database's replication position
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class DrillScenarios<P extends ReplicationPosition<P>> {

	private Map<String, String> properties;

	protected abstract ReplicatedCluster<P> cluster();

	/** The database and backend, for the printed timings. */
	protected abstract String label();

	/** Whether the node takes writes from the application's user. */
	protected abstract boolean writable(ClusterNode node);

	/** The port of the node a replica receives from, as the replica reports it. */
	protected abstract int upstreamPort(ClusterNode replica);

	/** How far a replica has received its primary's stream, as it reports it. */
	protected abstract P received(ClusterNode replica);

	@BeforeAll
	void createTable() {
		ReplicatedCluster<P> cluster = cluster();
		this.properties = cluster.properties();
		Db.execute(cluster.currentPrimary(), "create table drill (id int primary key)");
	}

	@Test
	@Order(1)
	void switchoverMovesThePrimaryWithNothingLostAndTheOldPrimaryFollows() {
		ReplicatedCluster<P> cluster = cluster();
		insert(cluster.currentPrimary(), 1, 100);
		P written = cluster.primaryPosition();

		PrimaryChange<P> change = cluster.switchover("replica-1");
		print("switchover primary -> replica-1", change.duration());

		assertThat(cluster.currentPrimary().name()).isEqualTo("replica-1");
		assertThat(names(cluster.currentReplicas())).containsExactly("primary", "replica-2");
		assertThat(change.previousPrimary()).isEqualTo("primary");
		assertThat(change.newPrimary()).isEqualTo("replica-1");
		assertThat(change.keeps(written)).isTrue();
		assertThat(change.writesPossiblyLost()).isFalse();
		assertThat(cluster.properties()).isEqualTo(this.properties);

		ClusterNode newPrimary = cluster.node("replica-1");
		ClusterNode oldPrimary = cluster.node("primary");
		assertThat(writable(newPrimary)).isTrue();
		assertThat(writable(oldPrimary)).isFalse();
		assertThatThrownBy(() -> insert(oldPrimary, 1000, 1000)).rootCause().hasMessageContaining("read-only");
		insert(newPrimary, 101, 101);
		cluster.awaitAllReplicated();
		for (ClusterNode node : cluster.nodes()) {
			assertThat(count(node, 1, 101)).as(node.name()).isEqualTo(101);
		}
		assertFollows(oldPrimary, newPrimary);
		assertFollows(cluster.node("replica-2"), newPrimary);
		assertThat(cluster.replayedPosition("primary").isAtLeast(cluster.primaryPosition())).isTrue();
	}

	@Test
	@Order(2)
	void failoverKillsThePrimaryPromotesAReplicaAndRepointsTheOther() {
		ReplicatedCluster<P> cluster = cluster();
		ClusterNode failed = cluster.currentPrimary();
		insert(failed, 201, 300);
		cluster.awaitAllReplicated();
		P written = cluster.primaryPosition();

		PrimaryChange<P> change = cluster.failover("replica-2");
		print("failover replica-1 -> replica-2", change.duration());

		assertThat(failed.isRunning()).isFalse();
		assertThat(cluster.currentPrimary().name()).isEqualTo("replica-2");
		assertThat(names(cluster.currentReplicas())).containsExactly("primary");
		assertThat(change.previousPrimary()).isEqualTo("replica-1");
		assertThat(change.keeps(written)).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> cluster.switchover("replica-1"))
			.withMessageContaining("'replica-1' is not a replica now");

		ClusterNode newPrimary = cluster.node("replica-2");
		insert(newPrimary, 301, 310);
		cluster.awaitReplicated("primary");
		assertThat(count(cluster.node("primary"), 1, 310)).isEqualTo(211);
		assertFollows(cluster.node("primary"), newPrimary);
	}

	@Test
	@Order(3)
	void failedPrimaryStartsAsASecondPrimaryAndRejoinsAsAReplicaWithoutItsOwnWrites() {
		ReplicatedCluster<P> cluster = cluster();
		ClusterNode failed = cluster.node("replica-1");
		cluster.start("replica-1");
		assertThat(writable(failed)).as("split brain").isTrue();
		insert(failed, 9999, 9999);

		Duration rejoin = cluster.rejoin("replica-1");
		print("rejoin replica-1 as a replica of replica-2", rejoin);

		ClusterNode primary = cluster.currentPrimary();
		assertThat(names(cluster.currentReplicas())).containsExactly("primary", "replica-1");
		assertThat(writable(failed)).isFalse();
		assertFollows(failed, primary);
		assertThat(count(failed, 9999, 9999)).isZero();
		assertThat(count(failed, 1, 310)).isEqualTo(211);
		insert(primary, 311, 311);
		cluster.awaitReplicated("replica-1");
		assertThat(count(failed, 311, 311)).isEqualTo(1);
	}

	@Test
	@Order(4)
	void failoverToAReplicaThatMissedWritesLosesExactlyThoseAndRebuildsTheReplicaThatHadThem() {
		ReplicatedCluster<P> cluster = cluster();
		ClusterNode primary = cluster.currentPrimary();
		insert(primary, 401, 410);
		cluster.awaitAllReplicated();
		P kept = cluster.primaryPosition();
		cluster.disconnectReplication("primary");
		insert(primary, 411, 420);
		P lost = cluster.primaryPosition();
		cluster.awaitReplicated("replica-1");

		PrimaryChange<P> change = cluster.failover("primary");
		print("failover replica-2 -> primary, 10 writes lost", change.duration());

		assertThat(change.writesPossiblyLost()).isTrue();
		assertThat(change.keeps(kept)).isTrue();
		assertThat(change.keeps(lost)).isFalse();
		ClusterNode newPrimary = cluster.node("primary");
		ClusterNode rebuilt = cluster.node("replica-1");
		assertThat(count(newPrimary, 401, 420)).isEqualTo(10);
		assertThat(count(rebuilt, 411, 420)).as("rebuilt from the new primary").isZero();
		assertFollows(rebuilt, newPrimary);
		insert(newPrimary, 411, 411);
		cluster.awaitReplicated("replica-1");
		assertThat(count(rebuilt, 401, 420)).isEqualTo(11);
	}

	@Test
	@Order(5)
	void promotionKeepsWhatADelayedReplicaReceivedAndAReplicaThatWasDownFollowsWhenItStarts() {
		ReplicatedCluster<P> cluster = cluster();
		ClusterNode primary = cluster.currentPrimary();
		ClusterNode delayed = cluster.node("replica-1");
		ClusterNode down = cluster.node("replica-2");
		Duration rejoin = cluster.rejoin("replica-2");
		print("rejoin replica-2 as a replica of primary", rejoin);
		cluster.stop("replica-2");
		cluster.delayReplication("replica-1", Duration.ofHours(1));
		insert(primary, 501, 510);
		P written = cluster.primaryPosition();
		await("replica-1 receives").atMost(Duration.ofSeconds(30)).until(() -> received(delayed).isAtLeast(written));
		assertThat(count(delayed, 501, 510)).isZero();

		PrimaryChange<P> change = cluster.failover("replica-1");
		print("failover primary -> delayed replica-1", change.duration());

		assertThat(change.keeps(written)).isTrue();
		assertThat(count(delayed, 501, 510)).isEqualTo(10);
		assertThat(writable(delayed)).isTrue();
		assertThat(names(cluster.currentReplicas())).containsExactly("replica-2");
		assertThat(down.isRunning()).isFalse();
		cluster.start("replica-2");
		assertFollows(down, delayed);
		insert(delayed, 511, 511);
		cluster.awaitReplicated("replica-2");
		assertThat(count(down, 501, 511)).isEqualTo(11);
	}

	/** A replica pointed at a new upstream streams from it once its receiver has reconnected. */
	private void assertFollows(ClusterNode replica, ClusterNode upstream) {
		await(replica.name() + " streams from " + upstream.name()).atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(upstreamPort(replica)).isEqualTo(upstream.port()));
	}

	private void print(String drill, Duration took) {
		System.out.printf(Locale.ROOT, "[drill] %s: %s in %d ms%n", label(), drill, took.toMillis());
	}

	private static void insert(ClusterNode node, int first, int last) {
		try (Connection connection = DriverManager.getConnection(node.jdbcUrl(), node.username(), node.password());
				var statement = connection.prepareStatement("insert into drill values (?)")) {
			for (int id = first; id <= last; id++) {
				statement.setInt(1, id);
				statement.executeUpdate();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(node.name() + ": insert " + first + ".." + last, ex);
		}
	}

	private static int count(ClusterNode node, int first, int last) {
		return Integer.parseInt(Db.value(node, "select count(*) from drill where id between " + first + " and " + last));
	}

	private static List<String> names(List<ClusterNode> nodes) {
		return nodes.stream().map(ClusterNode::name).toList();
	}

}
