package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL streaming replication: positions are WAL LSNs as byte offsets; a replica is a
 * server in recovery.
 */
final class PostgresReplicationDialect implements ReplicationDialect {

	@Override
	public boolean supports(String databaseProductName) {
		return databaseProductName.toLowerCase().contains("postgres");
	}

	@Override
	public long currentPosition(Connection primary) throws SQLException {
		return position(primary, "select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
	}

	@Override
	public long replayedPosition(Connection replica) throws SQLException {
		return position(replica, "select pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint");
	}

	private static long position(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
			resultSet.next();
			long position = resultSet.getLong(1);
			return resultSet.wasNull() ? -1 : position;
		}
	}

	/**
	 * From PostgreSQL 13, which has {@code pg_current_xact_id_if_assigned()} and
	 * {@code pg_xact_status(xid8)}.
	 */
	@Override
	public boolean identifiesWriteTransactions(Connection connection) throws SQLException {
		return connection.getMetaData().getDatabaseMajorVersion() >= 13;
	}

	/**
	 * The transaction id, assigned only to a transaction that wrote: no function tells a
	 * transaction's own commit LSN, and the current WAL position read after commit covers other
	 * sessions' writes too.
	 */
	@Override
	public long writeTransactionBeforeCommit(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("select pg_current_xact_id_if_assigned()::text")) {
			resultSet.next();
			String xid = resultSet.getString(1);
			return (xid != null) ? Long.parseLong(xid) : -1;
		}
	}

	/**
	 * Those the node has not committed: at or beyond its snapshot's {@code xmax} it never saw them
	 * ({@code pg_xact_status} would raise "is in the future" there, hence the {@code case}), below
	 * it they are aborted or still in progress (a transaction the node replayed the start of but
	 * not the commit counts as aborted once it is promoted). Exact as long as nothing else wrote
	 * on the promoted node before: a transaction id it hands out itself may be one the old primary
	 * had handed out too.
	 */
	@Override
	public long writeTransactionsLacking(Connection node, long[] transactions, int timeoutSeconds)
			throws SQLException {
		StringBuilder array = new StringBuilder("{");
		for (int i = 0; i < transactions.length; i++) {
			array.append((i > 0) ? "," : "").append(transactions[i]);
		}
		try (PreparedStatement statement = node.prepareStatement("with horizon as (select "
				+ "pg_snapshot_xmax(pg_current_snapshot()) as xmax) select count(*) from unnest(?::xid8[]) as t(x), "
				+ "horizon where case when x >= horizon.xmax then true "
				+ "else coalesce(pg_xact_status(x), 'committed') <> 'committed' end")) {
			statement.setQueryTimeout(timeoutSeconds);
			statement.setString(1, array.append('}').toString());
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getLong(1);
			}
		}
	}

	/**
	 * Not in recovery, and not read-only for new sessions ({@code default_transaction_read_only},
	 * which some managed services set on a primary whose disk is full).
	 */
	@Override
	public boolean acceptsWrites(Connection connection, int timeoutSeconds) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(timeoutSeconds);
			try (ResultSet resultSet = statement.executeQuery(
					"select not pg_is_in_recovery() and current_setting('default_transaction_read_only') = 'off'")) {
				resultSet.next();
				return resultSet.getBoolean(1);
			}
		}
	}

	/**
	 * The address and port the server accepted the connection on, with its system identifier:
	 * replicas cloned from one primary share the identifier (and timeline), so it alone cannot
	 * tell them apart; the address alone could be shared by servers in different containers.
	 */
	@Override
	public String serverIdentity(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("select coalesce(host(inet_server_addr()), 'local'), "
						+ "coalesce(inet_server_port(), 0), (select system_identifier from pg_control_system())")) {
			resultSet.next();
			return resultSet.getString(1) + ":" + resultSet.getInt(2) + "/" + resultSet.getLong(3);
		}
	}

	@Override
	public ReplicaProbeResult probe(Connection replica, int timeoutSeconds) throws SQLException {
		try (Statement statement = replica.createStatement()) {
			statement.setQueryTimeout(timeoutSeconds);
			try (ResultSet resultSet = statement.executeQuery("select pg_is_in_recovery(), "
					+ "pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint")) {
				resultSet.next();
				boolean inRecovery = resultSet.getBoolean(1);
				long replayed = resultSet.getLong(2);
				return new ReplicaProbeResult(inRecovery, resultSet.wasNull() ? null : replayed, null);
			}
		}
	}

}
