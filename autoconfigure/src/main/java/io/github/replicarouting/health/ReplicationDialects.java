package io.github.replicarouting.health;

import java.util.List;

/**
 * The known {@link ReplicationDialect}s, most specific first.
 */
final class ReplicationDialects {

	private static final List<ReplicationDialect> DIALECTS = List.of(new PostgresReplicationDialect(),
			new MySqlReplicationDialect(), new GenericReplicationDialect());

	private ReplicationDialects() {
	}

	static ReplicationDialect forProduct(String databaseProductName) {
		return DIALECTS.stream().filter((dialect) -> dialect.supports(databaseProductName)).findFirst().orElseThrow();
	}

}
