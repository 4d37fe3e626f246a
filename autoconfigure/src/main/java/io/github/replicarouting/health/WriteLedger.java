package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.replicarouting.JdbcUrls;
import io.github.replicarouting.health.ReplicaProber.ConnectionFactory;

/**
 * {@code failover.lost-writes: exact}: the identities of the write transactions one node
 * acknowledged while it took writes (MariaDB GTID sequence numbers, PostgreSQL transaction ids),
 * until every other node has replayed past them, so that a failover counts exactly those the
 * promoted node lacks. An identity cannot be compared to a log position, so each probe round
 * that reads the node's position marks the writes acknowledged before it began: once a node has
 * replayed that position, it has them. A write whose identity is unknown (an auto-commit write,
 * a failed read of it) is kept as unknown. At most {@code capacity} writes are kept: beyond, a
 * write is not recorded, and a failover that might lack it reports bounds instead, until every
 * node has replayed past it. Thread-safe: writes record from any thread, the probes mark and
 * prune.
 */
final class WriteLedger {

	private static final Log logger = LogFactory.getLog(WriteLedger.class);

	/** The writes kept at most: about 40 bytes each. */
	static final int CAPACITY = 100_000;

	/** Probe rounds kept at most while some node does not replay: older ones are dropped, pruning less. */
	private static final int LOOKS = 1024;

	private static final long UNKNOWN = Long.MIN_VALUE;

	private final String node;

	private final ReplicationDialects dialects;

	private final int capacity;

	private volatile @Nullable ReplicationDialect dialect;

	private volatile boolean unsupported;

	private final AtomicBoolean warnedUnsupported;

	private final ArrayDeque<Entry> pending = new ArrayDeque<>();

	private final ArrayDeque<Look> looks = new ArrayDeque<>();

	private long next;

	private long lookMarker = -1;

	private long lastUnrecorded = -1;

	/**
	 * @param node the node whose acknowledged writes are kept
	 * @param dialects recognise its database
	 * @param capacity the writes kept at most
	 * @param warnedUnsupported shared by the ledgers of one group of nodes, so that a database
	 * that cannot identify writes is warned about once
	 */
	WriteLedger(String node, ReplicationDialects dialects, int capacity, AtomicBoolean warnedUnsupported) {
		this.node = node;
		this.dialects = dialects;
		this.capacity = capacity;
		this.warnedUnsupported = warnedUnsupported;
	}

	/**
	 * A write transaction is about to commit on {@code connection}: its identity, where the
	 * database tells it only now.
	 */
	long beforeCommit(Connection connection) {
		ReplicationDialect writes = dialect(connection);
		if (writes == null) {
			return -1;
		}
		try {
			return writes.writeTransactionBeforeCommit(connection);
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug(this.node + " - could not read a write transaction's identity: " + JdbcUrls.reduceWithin(ex.getMessage()));
			return UNKNOWN;
		}
	}

	/** A write transaction committed on {@code connection}: record its identity. */
	void acknowledged(Connection connection, long beforeCommit) {
		ReplicationDialect writes = dialect(connection);
		if (writes == null) {
			return;
		}
		long transaction = beforeCommit;
		if (beforeCommit != UNKNOWN) {
			try {
				transaction = writes.writeTransactionAfterCommit(connection, beforeCommit);
			}
			catch (SQLException | RuntimeException ex) {
				logger.debug(this.node + " - could not read a write transaction's identity: " + JdbcUrls.reduceWithin(ex.getMessage()));
				transaction = UNKNOWN;
			}
		}
		if (transaction != -1) {
			record(transaction);
		}
	}

	/** Writes were acknowledged whose identity cannot be asked (auto-commit writes). */
	void acknowledgedUnknown() {
		if (!this.unsupported) {
			record(UNKNOWN);
		}
	}

	private synchronized void record(long transaction) {
		long sequence = this.next++;
		if (this.pending.size() >= this.capacity) {
			if (this.lastUnrecorded < 0) {
				logger.warn(this.node + " - " + this.capacity + " acknowledged writes kept, not yet replayed by every node "
						+ "(one is down or behind): until they are, a failover reports bounds of the writes possibly lost");
			}
			this.lastUnrecorded = sequence;
			return;
		}
		this.pending.addLast(new Entry(sequence, transaction));
	}

	/** A probe round begins: every write recorded before now lies at or before the position it reads. */
	synchronized void lookStarted() {
		this.lookMarker = this.next;
	}

	/** The round that began last read the node's position. */
	synchronized void positionProbed(long position) {
		if (this.lookMarker < 0) {
			return;
		}
		if (this.looks.size() >= LOOKS) {
			this.looks.removeFirst();
		}
		this.looks.addLast(new Look(position, this.lookMarker));
		this.lookMarker = -1;
	}

	/** Every other node has replayed {@code position}: forget the writes that lie at or before it. */
	synchronized void replicatedEverywhere(long position) {
		long horizon = horizon(position);
		if (horizon < 0) {
			return;
		}
		while (!this.pending.isEmpty() && this.pending.peekFirst().sequence() < horizon) {
			this.pending.removeFirst();
		}
		while (this.looks.size() > 1 && this.looks.peekFirst().marker() < horizon) {
			this.looks.removeFirst();
		}
		if (this.lastUnrecorded >= 0 && this.lastUnrecorded < horizon) {
			this.lastUnrecorded = -1;
		}
	}

	/**
	 * The first write a node that replayed {@code position} may lack: the marker of the last
	 * round that read a position at or before it; -1 when there is none.
	 */
	private long horizon(long position) {
		long horizon = -1;
		for (Look look : this.looks) {
			if (look.position() > position) {
				break;
			}
			horizon = look.marker();
		}
		return horizon;
	}

	/** How many writes are kept. */
	synchronized int pending() {
		return this.pending.size();
	}

	/** Writes moved to another node: what was kept here has been judged. */
	synchronized void clear() {
		this.pending.clear();
		this.looks.clear();
		this.lookMarker = -1;
		this.lastUnrecorded = -1;
	}

	/**
	 * The writes the node promoted in this one's place lacks, asked of it on a connection of its
	 * own.
	 * @param replayed how far the promoted node had replayed this node's log, -1 if unknown
	 * @param promoted opens a connection to it
	 * @param timeoutSeconds how long the question may take
	 * @return the count, or {@code null} when it cannot be known exactly
	 */
	@Nullable Lacking lacking(long replayed, ConnectionFactory promoted, int timeoutSeconds) {
		ReplicationDialect writes = this.dialect;
		long[] transactions;
		long unknown = 0;
		synchronized (this) {
			long horizon = (replayed >= 0) ? horizon(replayed) : -1;
			if (this.unsupported || (this.lastUnrecorded >= 0 && this.lastUnrecorded >= horizon)) {
				return null;
			}
			TreeSet<Long> known = new TreeSet<>();
			for (Iterator<Entry> entries = this.pending.descendingIterator(); entries.hasNext();) {
				Entry entry = entries.next();
				if (entry.sequence() < horizon) {
					break;
				}
				if (entry.transaction() == UNKNOWN) {
					unknown++;
				}
				else {
					known.add(entry.transaction());
				}
			}
			transactions = known.stream().mapToLong(Long::longValue).toArray();
		}
		if (transactions.length == 0) {
			return new Lacking(0, unknown);
		}
		return ask(writes, transactions, unknown, promoted, timeoutSeconds);
	}

	private @Nullable Lacking ask(@Nullable ReplicationDialect writes, long[] transactions, long unknown,
			ConnectionFactory promoted, int timeoutSeconds) {
		if (writes == null) {
			return null;
		}
		try (Connection connection = promoted.connect()) {
			connection.setNetworkTimeout(Runnable::run, timeoutSeconds * 1000);
			return new Lacking(writes.writeTransactionsLacking(connection, transactions, timeoutSeconds), unknown);
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn(this.node + " - could not ask the promoted node which of " + transactions.length
					+ " acknowledged write transactions it lacks, reporting bounds: " + JdbcUrls.reduceWithin(ex.getMessage()));
			return null;
		}
	}

	private @Nullable ReplicationDialect dialect(Connection connection) {
		ReplicationDialect known = this.dialect;
		if (known != null || this.unsupported) {
			return known;
		}
		try {
			ReplicationDialect found = this.dialects.forConnection(connection);
			if (!found.identifiesWriteTransactions(connection)) {
				this.unsupported = true;
				if (this.warnedUnsupported.compareAndSet(false, true)) {
					logger.warn(this.node + " - replica-routing.failover.lost-writes=exact: "
							+ connection.getMetaData().getDatabaseProductName() + " does not tell each write "
							+ "transaction's identity, a failover reports bounds of the writes possibly lost");
				}
				return null;
			}
			this.dialect = found;
			return found;
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug(this.node + " - could not tell the database's dialect: " + JdbcUrls.reduceWithin(ex.getMessage()));
			return null;
		}
	}

	/**
	 * What a promoted node lacks.
	 *
	 * @param writes acknowledged write transactions it lacks
	 * @param unknown acknowledged writes of unknown identity it may lack
	 */
	record Lacking(long writes, long unknown) {

	}

	private record Entry(long sequence, long transaction) {

	}

	private record Look(long position, long marker) {

	}

}
