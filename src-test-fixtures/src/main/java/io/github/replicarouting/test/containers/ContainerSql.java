package io.github.replicarouting.test.containers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import io.github.replicarouting.test.ReplicatedPostgresException;

/**
 * The fixture's own short JDBC conversations with a node: readiness checks and controls. Each
 * opens its own connection so that no state survives a server restart.
 */
final class ContainerSql {

	static final String USERNAME = "postgres";

	/** Any password is accepted (trust authentication); a non-empty one suits every pool. */
	static final String PASSWORD = "postgres";

	private ContainerSql() {
	}

	static String jdbcUrl(String host, int port) {
		return "jdbc:postgresql://" + host + ":" + port + "/postgres";
	}

	static String queryValue(ContainerizedPostgresNode node, String sql) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", USERNAME);
		properties.setProperty("password", PASSWORD);
		properties.setProperty("connectTimeout", "2");
		properties.setProperty("socketTimeout", "30");
		properties.setProperty("ApplicationName", "replica-routing-fixture");
		try (Connection connection = DriverManager.getConnection(node.jdbcUrl(), properties);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			return result.next() ? result.getString(1) : null;
		}
	}

	/** Like {@link #queryValue}, for controls where a failure is the caller's error. */
	static String queryValueOrFail(ContainerizedPostgresNode node, String sql) {
		try {
			return queryValue(node, sql);
		}
		catch (SQLException ex) {
			throw new ReplicatedPostgresException(node.name() + ": '" + sql + "' failed: " + ex.getMessage(), ex);
		}
	}

}
