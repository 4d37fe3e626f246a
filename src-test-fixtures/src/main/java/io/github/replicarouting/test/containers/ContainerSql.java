package io.github.replicarouting.test.containers;

import java.sql.SQLException;

import io.github.replicarouting.test.internal.Jdbc;
import io.github.replicarouting.test.internal.PostgresLogin;

/**
 * The fixture's own short JDBC conversations with a node: readiness checks and controls. Each
 * opens its own connection so that no state survives a server restart.
 */
final class ContainerSql {

	static final String USERNAME = PostgresLogin.USERNAME;

	static final String PASSWORD = PostgresLogin.PASSWORD;

	private ContainerSql() {
	}

	static String jdbcUrl(String host, int port) {
		return "jdbc:postgresql://" + host + ":" + port + "/postgres";
	}

	static String queryValue(ContainerizedPostgresNode node, String sql) throws SQLException {
		return Jdbc.queryValue(() -> PostgresLogin.connect(node.jdbcUrl()), sql);
	}

}
