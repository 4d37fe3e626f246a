package io.github.replicarouting.health;

import java.sql.Connection;
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
