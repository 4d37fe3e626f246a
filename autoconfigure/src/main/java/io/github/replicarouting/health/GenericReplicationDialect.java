package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * Any other database (H2 among them): reachability only. A configured replica is taken to be
 * read-only and never behind.
 */
final class GenericReplicationDialect implements ReplicationDialect {

	@Override
	public boolean supports(String databaseProductName) {
		return true;
	}

	@Override
	public long currentPosition(Connection primary) {
		return -1;
	}

	@Override
	public long replayedPosition(Connection replica) {
		return -1;
	}

	@Override
	public ReplicaProbeResult probe(Connection replica, int timeoutSeconds) throws SQLException {
		if (!replica.isValid(timeoutSeconds)) {
			throw new SQLNonTransientConnectionException("The connection did not answer a validity check", "08006");
		}
		return new ReplicaProbeResult(true, null, 0L);
	}

	/** Nothing to ask: the configured primary is taken to take writes. */
	@Override
	public boolean acceptsWrites(Connection connection, int timeoutSeconds) throws SQLException {
		if (!connection.isValid(timeoutSeconds)) {
			throw new SQLNonTransientConnectionException("The connection did not answer a validity check", "08006");
		}
		return true;
	}

}
