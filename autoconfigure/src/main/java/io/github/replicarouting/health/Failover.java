package io.github.replicarouting.health;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.SplitBrainException;
import io.github.replicarouting.TargetHealth;
import io.github.replicarouting.WriterSelection;

/**
 * {@code failover.mode: follow}: which node takes writes, decided after every probe round from
 * what each node said of itself. When exactly one server takes writes for
 * {@code confirmations} rounds in a row, writes go there: a failover, logged once, counted and
 * kept with how far the new primary was behind the old one's last known position (in
 * {@code failover.lost-writes: exact}, how many acknowledged writes it lacks). Two distinct
 * servers that take writes are a split brain: writes fail at once, with
 * {@link SplitBrainException}, until only one does. Nodes are told apart by the identity each
 * server reports ({@link ReplicationDialect#serverIdentity}), never by URL, so that two URLs that
 * reach one server are one node. No writable node at all changes nothing: the current writer's
 * own health makes writes fail at once. Created by the {@link ReplicaMonitor}.
 */
public final class Failover implements WriterSelection {

	private static final Log logger = LogFactory.getLog(Failover.class);

	private final Map<String, PrimaryHealth> writers;

	private final Map<String, ReplicaHealth> readers;

	private final int confirmations;

	private final AtomicLong failovers = new AtomicLong();

	private volatile String writer;

	private volatile @Nullable SplitBrainException splitBrain;

	private volatile @Nullable FailoverEvent last;

	private @Nullable String candidate;

	private int rounds;

	private final LostWriteAccounting accounting;

	/**
	 * @param writers every node's health as a writer, the configured primary first
	 * @param readers every node's health as a reader
	 * @param confirmations rounds in a row one node must be the only writable one
	 * @param clock when failovers happen
	 */
	Failover(Map<String, PrimaryHealth> writers, Map<String, ReplicaHealth> readers, int confirmations, Clock clock) {
		this(writers, readers, confirmations, clock, Map.of(), 1);
	}

	/**
	 * @param connections in {@code failover.lost-writes: exact}, opens a connection of its own
	 * to each node, to ask a promoted node which acknowledged writes it lacks; else empty
	 * @param timeoutSeconds how long that question may take
	 */
	Failover(Map<String, PrimaryHealth> writers, Map<String, ReplicaHealth> readers, int confirmations, Clock clock,
			Map<String, ReplicaProber.ConnectionFactory> connections, int timeoutSeconds) {
		this.writers = new LinkedHashMap<>(writers);
		this.readers = new LinkedHashMap<>(readers);
		this.confirmations = confirmations;
		this.writer = writers.keySet().iterator().next();
		this.accounting = new LostWriteAccounting(this.writers, this.readers, connections, timeoutSeconds, clock);
	}

	@Override
	public String writer() throws SQLException {
		SplitBrainException split = this.splitBrain;
		if (split != null) {
			throw new SplitBrainException(split.first(), split.second());
		}
		return this.writer;
	}

	@Override
	public TargetHealth asWriter(RoutingTarget node) {
		return Objects.requireNonNull(this.writers.get(node.name()), () -> node + " is not a node of this failover");
	}

	@Override
	public TargetHealth asReader(RoutingTarget node) {
		return Objects.requireNonNull(this.readers.get(node.name()), () -> node + " is not a node of this failover");
	}

	/**
	 * The health of the node writes go to now, as a writer.
	 * @return its health
	 */
	public PrimaryHealth currentWriter() {
		return this.writers.get(this.writer);
	}

	/**
	 * The health as a writer of a configured replica, told by its probe; {@code null} for the
	 * primary, whose own probe tells its health.
	 */
	@Nullable PrimaryHealth replicaAsWriter(String name) {
		return RoutingDecision.PRIMARY.equals(name) ? null : this.writers.get(name);
	}

	/**
	 * The two distinct servers that both take writes.
	 * @return their names, or an empty list when there is no split brain
	 */
	public List<String> splitBrain() {
		SplitBrainException split = this.splitBrain;
		return (split != null) ? List.of(split.first(), split.second()) : List.of();
	}

	/**
	 * Every node's health as a writer, the configured primary first.
	 * @return the nodes' health by name
	 */
	public Map<String, PrimaryHealth> nodes() {
		return Collections.unmodifiableMap(this.writers);
	}

	/**
	 * How many times writes moved to another node.
	 * @return the count
	 */
	public long failovers() {
		return this.failovers.get();
	}

	/**
	 * The last time writes moved to another node.
	 * @return the failover, or {@code null} when there was none
	 */
	public @Nullable FailoverEvent lastFailover() {
		return this.last;
	}

	/**
	 * Judge a probe round: every writer's health has been told what its node said.
	 */
	synchronized void roundJudged() {
		this.accounting.forgetReplicatedWrites(this.writer);
		List<String> writable = new ArrayList<>();
		Map<String, String> byIdentity = new LinkedHashMap<>();
		for (Map.Entry<String, PrimaryHealth> node : this.writers.entrySet()) {
			if (node.getValue().seenWritable()) {
				writable.add(node.getKey());
				String identity = node.getValue().identity();
				// Without an identity, a node is a server of its own.
				byIdentity.putIfAbsent((identity != null) ? identity : "node:" + node.getKey(), node.getKey());
			}
		}
		if (byIdentity.size() > 1) {
			List<String> two = new ArrayList<>(byIdentity.values());
			enterSplitBrain(two.get(0), two.get(1));
			return;
		}
		leaveSplitBrain();
		if (writable.isEmpty()) {
			this.candidate = null;
			return;
		}
		String chosen = writable.contains(this.writer) ? this.writer : writable.get(0);
		confirm(chosen);
	}

	private void confirm(String chosen) {
		if (chosen.equals(this.writer)) {
			this.candidate = null;
			return;
		}
		this.rounds = chosen.equals(this.candidate) ? this.rounds + 1 : 1;
		this.candidate = chosen;
		if (this.rounds >= this.confirmations) {
			moveTo(chosen);
		}
	}

	private void moveTo(String chosen) {
		String from = this.writer;
		FailoverEvent event = this.accounting.accounted(from, chosen);
		this.last = event;
		this.writer = chosen;
		this.candidate = null;
		this.failovers.incrementAndGet();
		WriteLedger judged = this.writers.get(from).ledger();
		if (judged != null) {
			judged.clear();
		}
		logger.warn(chosen + " - takes writes now, the only writable node for " + this.confirmations
				+ " probe rounds: failover from " + from + " (" + LostWriteAccounting.describe(event) + ")");
	}

	private void enterSplitBrain(String first, String second) {
		this.candidate = null;
		if (this.splitBrain == null) {
			logger.error(first + ", " + second + " - both take writes and are distinct servers: SPLIT_BRAIN, writes "
					+ "fail at once until only one does");
		}
		this.splitBrain = new SplitBrainException(first, second);
	}

	private void leaveSplitBrain() {
		if (this.splitBrain != null) {
			logger.warn("Split brain over: at most one node takes writes again");
			this.splitBrain = null;
		}
	}

	/**
	 * Writes moved from one node to another.
	 *
	 * @param from the node that took writes before
	 * @param to the node that takes them now
	 * @param at when writes moved
	 * @param writesPossiblyLost when {@code exact}, how many write transactions the old writer
	 * acknowledged that the new writer lacks; else how far the new writer was behind the old
	 * one's last known log position, in the database's position units (bytes of WAL for
	 * PostgreSQL, transactions for MariaDB and MySQL GTIDs), -1 when the database has no
	 * positions; 0 when it had everything
	 * @param writesAcknowledgedAfter what could not be counted: when {@code exact}, how many
	 * writes of unknown identity (auto-commit writes) the old writer acknowledged that the new
	 * writer may lack, 0 when every write was identified; else how many write transactions the
	 * old writer acknowledged after the probe round that read its last known position began. Each
	 * may be missing on the new writer too, on top of {@code writesPossiblyLost}
	 * @param exact whether the lost writes were counted one by one
	 * ({@code failover.lost-writes: exact}), rather than bounded from log positions
	 */
	public record FailoverEvent(String from, String to, Instant at, long writesPossiblyLost,
			long writesAcknowledgedAfter, boolean exact) {

	}

}
