package io.github.replicarouting.test.containers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One statement on one node of a containerized cluster, for the tests' own setup and checks.
 */
final class Jdbc {

	private Jdbc() {
	}

	static void execute(ContainerizedPostgresNode node, String sql) {
		try (Connection connection = connect(node); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(node.name() + ": " + sql, ex);
		}
	}

	static String value(ContainerizedPostgresNode node, String sql) {
		try (Connection connection = connect(node);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			return result.next() ? result.getString(1) : null;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(node.name() + ": " + sql, ex);
		}
	}

	private static Connection connect(ContainerizedPostgresNode node) throws SQLException {
		return DriverManager.getConnection(node.jdbcUrl(), node.username(), node.password());
	}

}
