package io.github.replicarouting.test.mariadb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.replicarouting.health.Failover;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.PrimaryChange;
import io.github.replicarouting.test.ReadLoad;
import io.github.replicarouting.test.ReadLoad.Outcome;
import io.github.replicarouting.test.ReplicatedCluster;
import io.github.replicarouting.test.mariadb.AcknowledgedWrites.Write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A crash failover under load in {@code failover.mode: follow}, whatever the vendor, with
 * numbers: two writers record every id the database acknowledged and the server that ran it, two
 * readers run read-only transactions throughout; the primary is killed and {@code replica-1}
 * promoted. Writes resume on the new primary within {@code probe-interval × confirmations} + 1 s
 * of the promotion; no write is ever refused by a server for being read-only (routing never sent
 * one to a read-only node); every acknowledged write ran on the old primary or the new one; reads
 * go on. Then a failover that loses writes on purpose ({@code replica-2} cut off first): the
 * acknowledged ids missing on the new primary are what the library reported as possibly lost.
 * Subclasses bring the cluster (primary and two replicas) with a {@value #PROBE_MILLIS} ms probe
 * interval, {@value #CONFIRMATIONS} confirmations, and pools at HikariCP's defaults: a write that
 * asked the crashed primary's pool for a connection before its probe found it down gives up when
 * it does, not after the pool's 30 s connection timeout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class FailoverChaosScenarios {

	static final long PROBE_MILLIS = 500;

	static final int CONFIRMATIONS = 2;

	/** The threads that write throughout the crash failover. */
	protected static final int WRITERS = 2;

	private static final int LOST_WRITES = 20;

	@Autowired
	ServerReads reads;

	@Autowired
	VendorSql sql;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	ReplicaMonitor monitor;

	protected abstract ReplicatedCluster<?> cluster();

	/**
	 * Assert that what the library reported as possibly lost, in the database's position units,
	 * says what the missing acknowledged ids show.
	 */
	protected abstract void assertLostMatches(long reportedLost, int missingIds);

	/**
	 * Assert that the acknowledged ids missing on the new primary are within what the library
	 * reported: {@code writesPossiblyLost}, in the database's position units, plus at most
	 * {@code writesAcknowledgedAfter}.
	 */
	protected abstract void assertMissingWithinReported(Failover.FailoverEvent event, int missingIds);

	@Test
	@Order(1)
	void crashFailoverUnderLoad() {
		ReplicatedCluster<?> cluster = cluster();
		Failover failover = this.monitor.failover().orElseThrow();
		awaitReplicasUp();
		this.jdbc.execute("create table if not exists acked_write (id bigint primary key)");
		cluster.awaitAllReplicated();
		int oldPort = cluster.primary().port();
		int newPort = cluster.replica("replica-1").port();
		PrimaryChange<?> change;
		long killAt;
		long promotedAt;
		List<Write> writes;
		List<Outcome> reads;
		try (AcknowledgedWrites writers = AcknowledgedWrites.start(WRITERS, this.jdbc, this.transactions, this.sql);
				ReadLoad load = ReadLoad.start(2, this.reads::readOnly)) {
			await("writes before the crash").atMost(Duration.ofSeconds(30))
				.until(() -> count(writers.writes(), Write::acknowledged) >= 100);
			killAt = System.nanoTime();
			change = cluster.failover("replica-1");
			promotedAt = System.nanoTime();
			awaitExplained("writes on the new primary", failover, writers,
					() -> count(writers.writes(), (write) -> write.acknowledged() && write.port() == newPort) > 0);
			long resumedAt = System.nanoTime();
			await("load after writes resumed").atMost(Duration.ofSeconds(30))
				.until(() -> count(writers.writes(), (write) -> write.acknowledged() && write.start() >= resumedAt) >= 100
						&& load.finishedStartedAfter(resumedAt) >= 100);
			writers.close();
			load.close();
			writes = writers.writes();
			reads = load.outcomes();
		}
		report(cluster, failover, change, writes, reads, killAt, promotedAt, oldPort, newPort);
	}

	/**
	 * Await {@code condition}; on timeout, fail with what routing knew then, in one line, so that
	 * a run that only shows the failure's first line still says why.
	 */
	private static void awaitExplained(String alias, Failover failover, AcknowledgedWrites writers,
			Callable<Boolean> condition) {
		try {
			await(alias).atMost(Duration.ofSeconds(30)).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			List<Write> failed = writers.writes().stream().filter((write) -> !write.acknowledged()).toList();
			String lastFailure = failed.isEmpty() ? "none"
					: NestedExceptionUtils.getMostSpecificCause(failed.get(failed.size() - 1).failure()).toString();
			Map<String, String> nodes = new LinkedHashMap<>();
			failover.nodes().forEach((name, health) -> nodes.put(name, health.describe() + " as " + health.identity()));
			throw new AssertionError(alias + ": not within 30 s; writer " + failover.currentWriter().target().name()
					+ ", split brain " + failover.splitBrain() + ", nodes " + nodes + ", failovers "
					+ failover.failovers() + "; writes failed " + failed.size() + ", the last with " + lastFailure,
					ex);
		}
	}

	private void report(ReplicatedCluster<?> cluster, Failover failover, PrimaryChange<?> change, List<Write> writes,
			List<Outcome> reads, long killAt, long promotedAt, int oldPort, int newPort) {
		List<Write> acknowledged = writes.stream().filter(Write::acknowledged).toList();
		long firstOnNew = acknowledged.stream().filter((write) -> write.port() == newPort).mapToLong(Write::end).min().orElseThrow();
		long lastOnOld = acknowledged.stream().filter((write) -> write.port() == oldPort).mapToLong(Write::end).max().orElseThrow();
		long refusedAsReadOnly = count(writes, Write::refusedAsReadOnly);
		long failedWrites = count(writes, (write) -> !write.acknowledged());
		Set<Long> onNewPrimary = ids(cluster.currentPrimary());
		List<Long> missing = acknowledged.stream().map(Write::id).filter((id) -> !onNewPrimary.contains(id)).toList();
		List<Outcome> readsAfterKill = reads.stream().filter((read) -> read.start() >= killAt).toList();
		long failedReads = readsAfterKill.stream().filter(Outcome::failed).count();
		long longestReadGap = longestGap(readsAfterKill, killAt);
		Failover.FailoverEvent event = failover.lastFailover();
		System.out.printf("[%s] crash failover under 2 writers and 2 readers: failover() took %d ms; writes resumed on "
				+ "the new primary %d ms after the kill, %d ms after failover() returned (no write for %d ms); writes "
				+ "acknowledged %d, failed %d, refused by a server as read-only %d; acknowledged ids missing on the new "
				+ "primary %d (fixture: writes possibly lost %s); library: %s; reads after the kill %d, failed %d, "
				+ "longest time without a finished read %d ms%n", label(), millis(promotedAt - killAt),
				millis(firstOnNew - killAt), millis(firstOnNew - promotedAt), millis(firstOnNew - lastOnOld),
				acknowledged.size(), failedWrites, refusedAsReadOnly, missing.size(), change.writesPossiblyLost(), event,
				readsAfterKill.size(), failedReads, longestReadGap);

		assertThat(millis(firstOnNew - promotedAt)).as("ms from promotion to the first write on the new primary")
			.isLessThan(PROBE_MILLIS * CONFIRMATIONS + 1000);
		assertThat(refusedAsReadOnly).as("writes a server refused as read-only").isZero();
		assertThat(acknowledged).extracting(Write::port).containsOnly(oldPort, newPort);
		assertThat(event).isNotNull();
		assertThat(event.to()).isEqualTo("replica-1");
		// A crash loses what the promoted replica had not received: what the library reports, up to
		// the writes acknowledged after it last read the old primary's position.
		assertMissingWithinReported(event, missing.size());
		assertThat(readsAfterKill).as("reads after the kill").isNotEmpty();
		assertThat(longestReadGap).as("longest time without a finished read, ms").isLessThan(2000);
	}

	@Test
	@Order(2)
	void writesLostByAFailoverAreWhatTheLibraryReports() {
		ReplicatedCluster<?> cluster = cluster();
		Failover failover = this.monitor.failover().orElseThrow();
		await("writes on replica-1").atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> writeAndTellPort(-1) == cluster.replica("replica-1").port());
		cluster.awaitAllReplicated();
		cluster.disconnectReplication("replica-2");
		List<Long> lost = new ArrayList<>();
		for (int i = 0; i < LOST_WRITES; i++) {
			long id = 1_000_000 + i;
			this.transactions.executeWithoutResult((status) -> this.jdbc.update("insert into acked_write (id) values (?)", id));
			lost.add(id);
		}
		// A probe round sees the writer's position after the writes, as it would within probe-interval.
		this.monitor.probeNow();
		PrimaryChange<?> change = cluster.failover("replica-2");
		int newPort = cluster.replica("replica-2").port();
		await("writes on replica-2").atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> writeAndTellPort(-2) == newPort);
		Set<Long> onNewPrimary = ids(cluster.currentPrimary());
		List<Long> missing = lost.stream().filter((id) -> !onNewPrimary.contains(id)).toList();
		Failover.FailoverEvent event = failover.lastFailover();
		System.out.printf("[%s] failover to a replica cut off before %d acknowledged writes: ids missing %d; library: "
				+ "%s; fixture: writes possibly lost %s%n", label(), LOST_WRITES, missing.size(), event,
				change.writesPossiblyLost());

		assertThat(event.to()).isEqualTo("replica-2");
		assertThat(missing).hasSize(LOST_WRITES);
		assertLostMatches(event.writesPossiblyLost(), missing.size());
		assertMissingWithinReported(event, missing.size());
	}

	/** Insert {@code id} (replacing it); the port of the server that ran the insert. */
	private int writeAndTellPort(long id) {
		Integer port = this.transactions.execute((status) -> {
			this.jdbc.update("delete from acked_write where id = ?", id);
			this.jdbc.update("insert into acked_write (id) values (?)", id);
			return this.jdbc.queryForObject("select " + this.sql.serverPort(), Integer.class);
		});
		return (port != null) ? port : -1;
	}

	private static Set<Long> ids(ClusterNode node) {
		Set<Long> ids = new HashSet<>();
		try (Connection connection = DriverManager.getConnection(node.jdbcUrl(), node.username(), node.password());
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("select id from acked_write")) {
			while (resultSet.next()) {
				ids.add(resultSet.getLong(1));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return ids;
	}

	/** The longest time after {@code from} during which no read finished successfully, in ms. */
	private static long longestGap(List<Outcome> reads, long from) {
		List<Long> ends = reads.stream().filter((read) -> !read.failed()).map(Outcome::end).sorted().toList();
		long previous = from;
		long longest = 0;
		for (long end : ends) {
			longest = Math.max(longest, end - previous);
			previous = end;
		}
		return millis(longest);
	}

	private static <T> long count(List<T> items, Predicate<T> filter) {
		return items.stream().filter(filter).count();
	}

	private void awaitReplicasUp() {
		for (ReplicaHealth replica : this.monitor.replicas()) {
			await(replica.target().name() + " UP").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(20))
				.until(replica::state, ReplicaState.UP::equals);
		}
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

	private String label() {
		return getClass().getSimpleName();
	}

}
