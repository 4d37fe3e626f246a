package io.github.replicarouting.test.containers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One statement on one node of a containerized cluster, as the application's user, for the
 * tests' own setup and checks.
 */
final class Jdbc {

	private Jdbc() {
	}

	static void execute(ContainerizedPostgresNode node, String sql) {
		execute(node.name(), node.jdbcUrl(), node.username(), node.password(), sql);
	}

	static void execute(ContainerizedMariaDbNode node, String sql) {
		execute(node.name(), node.jdbcUrl(), node.username(), node.password(), sql);
	}

	static String value(ContainerizedPostgresNode node, String sql) {
		return value(node.name(), node.jdbcUrl(), node.username(), node.password(), sql);
	}

	static String value(ContainerizedMariaDbNode node, String sql) {
		return value(node.name(), node.jdbcUrl(), node.username(), node.password(), sql);
	}

	private static void execute(String name, String url, String username, String password, String sql) {
		try (Connection connection = DriverManager.getConnection(url, username, password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(name + ": " + sql, ex);
		}
	}

	private static String value(String name, String url, String username, String password, String sql) {
		try (Connection connection = DriverManager.getConnection(url, username, password);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			return result.next() ? result.getString(1) : null;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(name + ": " + sql, ex);
		}
	}

}
