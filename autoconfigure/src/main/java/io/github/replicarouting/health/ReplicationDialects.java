package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The known {@link ReplicationDialect}s, most specific first.
 */
final class ReplicationDialects {

	private static final List<ReplicationDialect> DIALECTS = List.of(new PostgresReplicationDialect(),
			new MySqlReplicationDialect(), new GenericReplicationDialect());

	private ReplicationDialects() {
	}

	static ReplicationDialect forConnection(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName();
		return DIALECTS.stream().filter((dialect) -> dialect.supports(product)).findFirst().orElseThrow();
	}

}
