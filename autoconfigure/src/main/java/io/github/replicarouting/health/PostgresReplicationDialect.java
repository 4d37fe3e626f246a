package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;

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
	public @Nullable Long currentPosition(Connection primary) throws SQLException {
		try (Statement statement = primary.createStatement();
				ResultSet resultSet = statement
					.executeQuery("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
			resultSet.next();
			return resultSet.getLong(1);
		}
	}

	@Override
	public ReplicaStatus status(Connection replica, int timeoutSeconds) throws SQLException {
		try (Statement statement = replica.createStatement()) {
			statement.setQueryTimeout(timeoutSeconds);
			try (ResultSet resultSet = statement.executeQuery("select pg_is_in_recovery(), "
					+ "pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint")) {
				resultSet.next();
				boolean inRecovery = resultSet.getBoolean(1);
				long replayed = resultSet.getLong(2);
				return new ReplicaStatus(inRecovery, resultSet.wasNull() ? null : replayed, null);
			}
		}
	}

}
