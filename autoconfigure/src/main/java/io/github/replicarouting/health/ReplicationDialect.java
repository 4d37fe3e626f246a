package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.ReplicationPositions;

/**
 * How to ask one kind of database about replication: the primary's log position and a
 * replica's role, replayed position or lag. The built-in dialects know PostgreSQL, MySQL and
 * MariaDB, and take any other database to be reachable, read-only and never behind. An
 * application teaches the library another database, or overrides a built-in dialect, with a bean
 * of this type: the auto-configuration tries the application's dialects (in their bean order)
 * before the built-in ones, to probe each replica and to read log positions for causal
 * read-your-writes. Implementations must be thread-safe; each method gets a connection of its
 * own, and must leave it as it found it.
 */
public interface ReplicationDialect extends ReplicationPositions {

	/**
	 * Whether this dialect handles the database that reports this product name.
	 * @param databaseProductName {@link java.sql.DatabaseMetaData#getDatabaseProductName()}
	 * @return {@code true} if it does
	 */
	boolean supports(String databaseProductName);

	/**
	 * Probe a replica: whether it is read-only, and its lag or how far it has replayed the
	 * primary's log. A failure that is not a connection failure (a missing privilege, say) takes
	 * the replica out of rotation as one whose lag is unknown.
	 * @param replica the probe's connection to the replica
	 * @param timeoutSeconds how long a statement may take
	 * @return what the replica says
	 * @throws SQLException when the replica cannot answer
	 */
	ReplicaProbeResult probe(Connection replica, int timeoutSeconds) throws SQLException;

	/**
	 * Whether the server takes writes now: not in recovery, not read-only. Asked of the primary
	 * by its probe (and, in {@code failover.mode: follow}, of every node that reports itself
	 * writable): a write is never sent to a node that says no. By default {@code true}, as before
	 * this method existed: a dialect that does not override it never finds the primary read-only.
	 * @param connection the probe's connection
	 * @param timeoutSeconds how long a statement may take
	 * @return {@code true} if it takes writes
	 * @throws SQLException when the server cannot answer
	 */
	default boolean acceptsWrites(Connection connection, int timeoutSeconds) throws SQLException {
		return true;
	}

	/**
	 * Which server this is, as the server reports itself: never the URL, so that two URLs that
	 * reach one server (a DNS name that moved, a proxy) are one node, and two nodes are never
	 * mistaken for one. Compared to tell a second writable node (split brain) from the same node
	 * reached twice.
	 * @param connection the probe's connection
	 * @return the identity, or {@code null} when the database cannot tell (the default)
	 * @throws SQLException when the server cannot answer
	 */
	default @Nullable String serverIdentity(Connection connection) throws SQLException {
		return null;
	}

	/**
	 * Whether this database tells each write transaction's own identity, for
	 * {@code replica-routing.failover.lost-writes: exact}: then
	 * {@link #writeTransactionBeforeCommit}, {@link #writeTransactionAfterCommit} and
	 * {@link #writeTransactionsLacking} work. By default {@code false}: a failover reports bounds.
	 * @param connection a connection to the node that takes writes
	 * @return {@code true} if it does
	 * @throws SQLException when the server cannot answer
	 */
	default boolean identifiesWriteTransactions(Connection connection) throws SQLException {
		return false;
	}

	/**
	 * The identity of the transaction about to commit on {@code connection}, where the database
	 * tells it only before commit (PostgreSQL's transaction id). Asked on the application's
	 * connection, in its transaction, once per write transaction: one round trip.
	 * @param connection the physical connection, in the transaction
	 * @return the identity, or -1 when the transaction wrote nothing or the database tells it
	 * after commit (the default)
	 * @throws SQLException when the server cannot answer
	 */
	default long writeTransactionBeforeCommit(Connection connection) throws SQLException {
		return -1;
	}

	/**
	 * The identity of the write transaction that just committed on {@code connection}, where the
	 * database tells it after commit (MariaDB's {@code @@last_gtid}, one round trip).
	 * @param connection the physical connection, after the commit
	 * @param beforeCommit what {@link #writeTransactionBeforeCommit} returned
	 * @return the identity, or -1 when the transaction wrote nothing; by default
	 * {@code beforeCommit}
	 * @throws SQLException when the server cannot answer
	 */
	default long writeTransactionAfterCommit(Connection connection, long beforeCommit) throws SQLException {
		return beforeCommit;
	}

	/**
	 * How many of these write transactions, acknowledged by the node that took writes, the node
	 * promoted in its place lacks. Asked once per failover, on a connection of its own, before
	 * writes move there.
	 * @param node a connection to the promoted node
	 * @param transactions the identities, distinct, ascending
	 * @param timeoutSeconds how long a statement may take
	 * @return the count
	 * @throws SQLException when the node cannot answer, or the database cannot tell (the default)
	 */
	default long writeTransactionsLacking(Connection node, long[] transactions, int timeoutSeconds)
			throws SQLException {
		throw new SQLFeatureNotSupportedException("This replication dialect does not identify write transactions");
	}

	/**
	 * Whether the replica's user could write there although the replica is read-only, asked once
	 * per replica for a warning.
	 * @param replica the probe's connection to the replica, as the user of its pool
	 * @return what lets the user write and what to do about it, or {@code null} when it cannot
	 * (or the database has no such privilege)
	 * @throws SQLException when the replica cannot answer
	 */
	default @Nullable String writePrivilege(Connection replica) throws SQLException {
		return null;
	}

	/**
	 * How coarse the lag a replica reports itself ({@link ReplicaProbeResult#reportedLagMillis()}) may
	 * be: a lag reported in whole seconds may be short by up to a second.
	 * @return the resolution in milliseconds, 0 when the reported lag is exact
	 */
	default long reportedLagResolutionMillis() {
		return 0;
	}

}
