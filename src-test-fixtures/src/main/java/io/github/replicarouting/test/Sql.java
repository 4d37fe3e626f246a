package io.github.replicarouting.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The fixture's own short JDBC conversations with a node: readiness checks and controls. Each
 * opens its own connection so that no state survives a server restart.
 */
final class Sql {

	static final String USERNAME = "postgres";

	/** Any password is accepted (trust authentication); a non-empty one suits every pool. */
	static final String PASSWORD = "postgres";

	static final String DATABASE = "postgres";

	private Sql() {
	}

	static String jdbcUrl(int port) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
	}

	static Connection connect(int port) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", USERNAME);
		properties.setProperty("password", PASSWORD);
		properties.setProperty("connectTimeout", "2");
		properties.setProperty("socketTimeout", "30");
		properties.setProperty("ApplicationName", "replica-routing-fixture");
		return DriverManager.getConnection(jdbcUrl(port), properties);
	}

	/** Runs a query that answers one value and returns it as text ({@code null} for SQL NULL). */
	static String queryValue(int port, String sql) throws SQLException {
		try (Connection connection = connect(port);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			return result.next() ? result.getString(1) : null;
		}
	}

	/** Like {@link #queryValue(int, String)}, for controls where a failure is the caller's error. */
	static String queryValueOrFail(String node, int port, String sql) {
		try {
			return queryValue(port, sql);
		}
		catch (SQLException ex) {
			throw new ReplicatedPostgresException(node + ": '" + sql + "' failed: " + ex.getMessage(), ex);
		}
	}

}
