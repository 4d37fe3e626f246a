package io.github.replicarouting.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain JDBC against one node of any cluster, as a test sees it: its own connections as the
 * node's user, nothing from the fixture. A failure is an {@link IllegalStateException} naming the
 * node and the statement.
 */
public final class Db {

	private Db() {
	}

	public static void execute(ClusterNode node, String sql) {
		try (Connection connection = connect(node); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(node.name() + ": " + sql, ex);
		}
	}

	public static String value(ClusterNode node, String sql) {
		List<String> values = column(node, sql);
		return values.isEmpty() ? null : values.get(0);
	}

	private static List<String> column(ClusterNode node, String sql) {
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

	private static Connection connect(ClusterNode node) throws SQLException {
		return DriverManager.getConnection(node.jdbcUrl(), node.username(), node.password());
	}

}
