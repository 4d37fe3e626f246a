package io.github.replicarouting;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * How a read-only route is made read-only at the server, not only in the client: a procedure or
 * a function that writes looks like a read to the client, and on MySQL and MariaDB
 * {@code read_only} does not stop a user with {@code SUPER} or {@code READ ONLY ADMIN}. pgjdbc's
 * {@code setReadOnly(true)} starts its transactions {@code READ ONLY}, MySQL Connector/J's sends
 * {@code SET SESSION TRANSACTION READ ONLY} (unless {@code readOnlyPropagatesToServer=false}):
 * there, and on databases without such a mode, {@code setReadOnly} is all it takes. MariaDB
 * Connector/J's {@code setReadOnly} sends nothing, so on MySQL and MariaDB through it the route
 * sends the statement itself.
 */
enum ServerReadOnly {

	/** The driver's {@code setReadOnly(true)} makes the route read-only at the server. */
	DRIVER,

	/**
	 * A statement does: on a replica {@code SET SESSION TRANSACTION READ ONLY}, which may stay
	 * since every route to a replica is read-only; on the primary
	 * {@code SET TRANSACTION READ ONLY}, which ends with the transaction it starts.
	 */
	STATEMENT;

	static ServerReadOnly of(DatabaseMetaData metaData) throws SQLException {
		String product = String.valueOf(metaData.getDatabaseProductName()).toLowerCase(Locale.ROOT);
		String driver = String.valueOf(metaData.getDriverName()).toLowerCase(Locale.ROOT);
		boolean mySqlProtocol = product.contains("mysql") || product.contains("mariadb");
		return (mySqlProtocol && !driver.startsWith("mysql connector")) ? STATEMENT : DRIVER;
	}

	/**
	 * Make the route read-only at the server, after {@code setReadOnly(true)} and the route's
	 * auto-commit are set and before its first statement.
	 * @param connection the physical connection
	 * @param replica whether it is a replica's
	 * @throws SQLException when the statement fails
	 */
	void apply(Connection connection, boolean replica) throws SQLException {
		if (this == DRIVER) {
			return;
		}
		if (replica) {
			execute(connection, "SET SESSION TRANSACTION READ ONLY");
		}
		else if (!connection.getAutoCommit()) {
			// Only this transaction: the connection goes back to the primary's pool read-write.
			// Outside a transaction the primary is left as pgjdbc leaves it, writable.
			execute(connection, "SET TRANSACTION READ ONLY");
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
