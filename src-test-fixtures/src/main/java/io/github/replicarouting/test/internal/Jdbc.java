package io.github.replicarouting.test.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BiFunction;

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
	public static String queryValue(ConnectionSource connections, String sql) throws SQLException {
		try (Connection connection = connections.open();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			return result.next() ? result.getString(1) : null;
		}
	}

	/**
	 * Like {@link #queryValue}, for controls where a failure is the caller's error: it becomes
	 * the fixture's own exception, built by {@code failure} from a message naming the node.
	 */
	public static String queryValueOrFail(String node, ConnectionSource connections, String sql,
			BiFunction<String, Throwable, RuntimeException> failure) {
		try {
			return queryValue(connections, sql);
		}
		catch (SQLException ex) {
			throw failure.apply(node + ": '" + sql + "' failed: " + ex.getMessage(), ex);
		}
	}

}
