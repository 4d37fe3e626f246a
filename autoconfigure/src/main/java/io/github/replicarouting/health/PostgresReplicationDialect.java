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
