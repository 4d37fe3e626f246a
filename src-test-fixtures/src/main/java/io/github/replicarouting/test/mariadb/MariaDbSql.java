package io.github.replicarouting.test.mariadb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.github.replicarouting.test.internal.Jdbc;

/**
 * The fixture's own short JDBC conversations with a node, as {@code root} (whose privileges the
 * controls need): readiness checks and replication controls. Each opens its own connection so
 * that no state survives a server restart.
 */
final class MariaDbSql {

	/** The application's database, created on the primary and replicated. */
	static final String DATABASE = "app";

	/** The application's user: all privileges on {@link #DATABASE} and replication monitoring. */
	static final String USERNAME = "app";

	static final String PASSWORD = "app";

	private MariaDbSql() {
	}

	static String jdbcUrl(int port) {
		return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
	}

	static Connection connectAsRoot(int port) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", "root");
		properties.setProperty("password", "");
		properties.setProperty("connectTimeout", "2000");
		properties.setProperty("socketTimeout", "30000");
		return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", properties);
	}

	/** Runs statements one after the other on one connection. */
	static void execute(String node, int port, String... statements) {
		try (Connection connection = connectAsRoot(port); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new ReplicatedMariaDbException(node + ": " + String.join("; ", statements) + " failed: "
					+ ex.getMessage(), ex);
		}
	}

	/** Runs a query that answers one value and returns it as text ({@code null} for SQL NULL). */
	static String queryValue(int port, String sql) throws SQLException {
		return Jdbc.queryValue(() -> connectAsRoot(port), sql);
	}

	/** Like {@link #queryValue(int, String)}, for controls where a failure is the caller's error. */
	static String queryValueOrFail(String node, int port, String sql) {
		return Jdbc.queryValueOrFail(node, () -> connectAsRoot(port), sql, ReplicatedMariaDbException::new);
	}

	/**
	 * The first row of {@code SHOW SLAVE STATUS} by column name; empty when the server does not
	 * replicate.
	 */
	static Map<String, String> slaveStatus(int port) throws SQLException {
		Map<String, String> status = new LinkedHashMap<>();
		try (Connection connection = connectAsRoot(port);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("show slave status")) {
			if (result.next()) {
				ResultSetMetaData metaData = result.getMetaData();
				for (int i = 1; i <= metaData.getColumnCount(); i++) {
					status.put(metaData.getColumnLabel(i), result.getString(i));
				}
			}
		}
		return status;
	}

}
