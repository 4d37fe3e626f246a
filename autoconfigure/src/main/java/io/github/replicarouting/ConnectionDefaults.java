package io.github.replicarouting;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a connection reports before anything is set on it, read once from the primary: the
 * answers an unrouted connection gives without taking a physical one.
 *
 * @param autoCommit the pool's default auto-commit
 * @param isolation the pool's default transaction isolation
 * @param metaData the database-level metadata by method name
 */
record ConnectionDefaults(boolean autoCommit, int isolation, Map<String, Object> metaData) {

	static ConnectionDefaults read(Connection connection) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		Map<String, Object> known = new HashMap<>();
		known.put("getDatabaseProductName", metaData.getDatabaseProductName());
		known.put("getDatabaseProductVersion", metaData.getDatabaseProductVersion());
		known.put("getDatabaseMajorVersion", metaData.getDatabaseMajorVersion());
		known.put("getDatabaseMinorVersion", metaData.getDatabaseMinorVersion());
		known.put("getDriverName", metaData.getDriverName());
		known.put("getDriverVersion", metaData.getDriverVersion());
		known.put("getDriverMajorVersion", metaData.getDriverMajorVersion());
		known.put("getDriverMinorVersion", metaData.getDriverMinorVersion());
		known.put("getJDBCMajorVersion", metaData.getJDBCMajorVersion());
		known.put("getJDBCMinorVersion", metaData.getJDBCMinorVersion());
		known.put("getURL", JdbcUrls.reduce(String.valueOf(metaData.getURL())));
		known.put("getIdentifierQuoteString", metaData.getIdentifierQuoteString());
		known.values().removeIf(Objects::isNull);
		return new ConnectionDefaults(connection.getAutoCommit(), connection.getTransactionIsolation(),
				Map.copyOf(known));
	}

}
