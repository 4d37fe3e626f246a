package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ReplicationDialect}s a database is recognised by, in the order they are tried: the
 * application's own, then the built-in ones, most specific first (PostgreSQL, MySQL and MariaDB,
 * then any other database, which is reached and nothing more).
 */
final class ReplicationDialects {

	private static final List<ReplicationDialect> BUILT_IN = List.of(new PostgresReplicationDialect(),
			new MySqlReplicationDialect(), new GenericReplicationDialect());

	private final List<ReplicationDialect> dialects;

	ReplicationDialects(List<ReplicationDialect> custom) {
		List<ReplicationDialect> dialects = new ArrayList<>(custom);
		dialects.addAll(BUILT_IN);
		this.dialects = List.copyOf(dialects);
	}

	ReplicationDialect forConnection(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName();
		for (ReplicationDialect dialect : this.dialects) {
			if (dialect.supports(product)) {
				return dialect;
			}
		}
		throw new IllegalStateException("No replication dialect supports " + product);
	}

}
