package io.github.replicarouting.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain JDBC against one node, as a test sees it: its own connections, nothing from the fixture.
 */
final class Db {

	private Db() {
	}

	static void execute(PostgresNode node, String sql) {
		try (Connection connection = connect(node); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(node.name() + ": " + sql, ex);
		}
	}

	static String value(PostgresNode node, String sql) {
		List<String> values = column(node, sql);
		return values.isEmpty() ? null : values.get(0);
	}

	static List<String> column(PostgresNode node, String sql) {
		try (Connection connection = connect(node);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			List<String> values = new ArrayList<>();
			while (result.next()) {
				values.add(result.getString(1));
			}
			return values;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(node.name() + ": " + sql, ex);
		}
	}

	static Connection connect(PostgresNode node) throws SQLException {
		return DriverManager.getConnection(node.jdbcUrl(), node.username(), node.password());
	}

}
