package io.github.replicarouting.test.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.test.ReplicatedClusterException;

/**
 * A fixture's own one-value queries against a node. Each runs on a connection of its own, closed
 * afterwards, so that no state survives a server restart.
 */
public final class Jdbc {

	private Jdbc() {
	}

	/** Opens a connection with the fixture's own credentials and timeouts. */
	@FunctionalInterface
	public interface ConnectionSource {

		Connection open() throws SQLException;

	}

	/** Runs a query that answers one value and returns it as text ({@code null} for SQL NULL). */
	public static @Nullable String queryValue(ConnectionSource connections, String sql) throws SQLException {
		try (Connection connection = connections.open();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			return result.next() ? result.getString(1) : null;
		}
	}

	/**
	 * Like {@link #queryValue}, for controls where a failure is the caller's error: it becomes a
	 * {@link ReplicatedClusterException} naming the node.
	 */
	public static @Nullable String queryValueOrFail(String node, ConnectionSource connections, String sql) {
		try {
			return queryValue(connections, sql);
		}
		catch (SQLException ex) {
			throw new ReplicatedClusterException(node + ": '" + sql + "' failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Runs statements one after the other on one connection; a failure becomes a
	 * {@link ReplicatedClusterException} naming the node and the statements.
	 */
	public static void executeOrFail(String node, ConnectionSource connections, String... statements) {
		try (Connection connection = connections.open(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new ReplicatedClusterException(
					node + ": " + String.join("; ", statements) + " failed: " + ex.getMessage(), ex);
		}
	}

}
