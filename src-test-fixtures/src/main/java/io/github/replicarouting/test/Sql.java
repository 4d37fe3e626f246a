package io.github.replicarouting.test;

import java.sql.SQLException;

import io.github.replicarouting.test.internal.Jdbc;
import io.github.replicarouting.test.internal.PostgresLogin;

/**
 * The fixture's own short JDBC conversations with a node: readiness checks and controls. Each
 * opens its own connection so that no state survives a server restart.
 */
final class Sql {

	static final String USERNAME = PostgresLogin.USERNAME;

	static final String PASSWORD = PostgresLogin.PASSWORD;

	static final String DATABASE = "postgres";

	private Sql() {
	}

	static String jdbcUrl(int port) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
	}

	/** Runs a query that answers one value and returns it as text ({@code null} for SQL NULL). */
	static String queryValue(int port, String sql) throws SQLException {
		return Jdbc.queryValue(() -> PostgresLogin.connect(jdbcUrl(port)), sql);
	}

}
