package io.github.replicarouting.test.mariadb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.SplitBrainException;
import io.github.replicarouting.health.Failover;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.ReplicatedCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * {@code failover.mode: follow} through a switchover, a switchback and a split brain, whatever
 * the vendor. Writes follow the promoted node within {@code probe-interval × confirmations} plus
 * a probe round, the move is counted once and shows nothing lost, and the old primary, a replica
 * now, serves reads again. After a crash failover, the old primary started as it was is a second
 * writable server: writes fail at once with {@link SplitBrainException} naming both, reads go
 * on, and writes follow again once it rejoins as a replica. Subclasses bring the cluster (primary
 * and two replicas) with a {@value #PROBE_MILLIS} ms probe interval, 2 confirmations and a primary
 * pool that waits 2 s for a connection (a write that asked the killed primary's pool before its
 * probe found it down waits that long; HikariCP's default 30 s outlasted this test's wait).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class FollowModeScenarios {

	static final long PROBE_MILLIS = 500;

	static final int CONFIRMATIONS = 2;

	/** A round's probe may take up to probe-timeout (1 s) on top of the interval. */
	private static final Duration FOLLOW_BOUND = Duration.ofMillis(PROBE_MILLIS * CONFIRMATIONS + 2000);

	@Autowired
	ServerReads reads;

	@Autowired
	Notes notes;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	VendorSql sql;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	protected abstract ReplicatedCluster<?> cluster();

	@Test
	@Order(1)
	void writesFollowASwitchoverAndBackAndTheOldPrimaryServesReadsAgain() {
		ReplicatedCluster<?> cluster = cluster();
		Failover failover = this.monitor.failover().orElseThrow();
		awaitReplicasUp();
		this.notes.createTable();
		assertThat(writeNote()).isEqualTo(cluster.primary().port());

		cluster.switchover("replica-1");
		long followed = awaitWritesOn(cluster.replica("replica-1").port());
		Failover.FailoverEvent event = failover.lastFailover();
		int primaryPort = cluster.primary().port();
		await("the old primary serves reads").atMost(Duration.ofSeconds(30))
			.until(() -> this.reads.readOnly().port() == primaryPort);
		System.out.printf("[%s] switchover to replica-1: writes followed %d ms after it returned; %s; "
				+ "failovers %d%n", label(), followed, event, failover.failovers());

		assertThat(followed).as("ms until writes ran on the promoted node").isLessThan(FOLLOW_BOUND.toMillis());
		assertThat(event).isNotNull();
		assertThat(event.from()).isEqualTo(RoutingDecision.PRIMARY);
		assertThat(event.to()).isEqualTo("replica-1");
		assertThat(event.writesPossiblyLost()).as("writes possibly lost by a switchover").isZero();
		assertThat(failover.failovers()).isEqualTo(1);

		cluster.switchover(RoutingDecision.PRIMARY);
		awaitWritesOn(primaryPort);
		assertThat(failover.lastFailover().to()).isEqualTo(RoutingDecision.PRIMARY);
		assertThat(failover.failovers()).isEqualTo(2);
	}

	@Test
	@Order(2)
	void aSecondWritableServerIsASplitBrainThatFailsWritesNamingBothWhileReadsGoOn() {
		ReplicatedCluster<?> cluster = cluster();
		Failover failover = this.monitor.failover().orElseThrow();
		awaitReplicasUp();
		this.notes.createTable();
		cluster.failover("replica-1");
		awaitWritesOn(cluster.replica("replica-1").port());

		cluster.start(RoutingDecision.PRIMARY);
		await("SPLIT_BRAIN").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> !failover.splitBrain().isEmpty());
		long start = System.nanoTime();
		Throwable write = catchThrowable(() -> this.notes.write("in a split brain"));
		long writeMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
		List<Integer> readPorts = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			readPorts.add(this.reads.readOnly().port());
		}
		System.out.printf("[%s] old primary started as it was: split brain %s; a write failed in %d ms: %s; "
				+ "reads ran on %s%n", label(), failover.splitBrain(), writeMillis, write, readPorts);

		assertThat(failover.splitBrain()).containsExactlyInAnyOrder(RoutingDecision.PRIMARY, "replica-1");
		assertThat(NestedExceptionUtils.getMostSpecificCause(write)).isInstanceOf(SplitBrainException.class)
			.hasMessageContaining(RoutingDecision.PRIMARY)
			.hasMessageContaining("replica-1");
		assertThat(writeMillis).as("ms for the write to fail").isLessThan(1000);
		assertThat(readPorts).containsOnly(cluster.replica("replica-2").port());

		cluster.rejoin(RoutingDecision.PRIMARY);
		await("split brain over").atMost(Duration.ofSeconds(20)).until(() -> failover.splitBrain().isEmpty());
		awaitWritesOn(cluster.replica("replica-1").port());
		cluster.switchover(RoutingDecision.PRIMARY);
		awaitWritesOn(cluster.primary().port());
	}

	/**
	 * Insert a note until one is inserted on {@code port}, each attempt failing at once while no
	 * node may take it.
	 * @return how long it took, in milliseconds
	 */
	private long awaitWritesOn(int port) {
		long start = System.nanoTime();
		await("writes on port " + port).atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.ignoreExceptions()
			.until(() -> writeNote() == port);
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	/** A note inserted; the port of the server that ran the insert. */
	private int writeNote() {
		Integer port = this.transactions.execute((status) -> {
			this.notes.write("followed");
			return this.jdbc.queryForObject("select " + this.sql.serverPort(), Integer.class);
		});
		return (port != null) ? port : -1;
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

}
