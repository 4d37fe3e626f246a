package io.github.replicarouting.test.postgresql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import io.github.replicarouting.test.internal.Jdbc;

/**
 * How the fixture reaches a PostgreSQL node, embedded or in a container, for the application and
 * for its own short conversations (readiness checks and controls). Each conversation opens its
 * own connection so that no state survives a server restart.
 */
final class PostgresSql {

	static final String USERNAME = "postgres";

	/** Any password is accepted (trust authentication); a non-empty one suits every pool. */
	static final String PASSWORD = "postgres";

	static final String DATABASE = "postgres";

	private PostgresSql() {
	}

	static String jdbcUrl(String host, int port) {
		return "jdbc:postgresql://" + host + ":" + port + "/" + DATABASE;
	}

	/**
	 * The {@code primary_conninfo} of a replica: the fixture's user, the replica's name as
	 * {@code application_name} (it shows in the primary's {@code pg_stat_replication}), and a
	 * short connect timeout, so that a replica pointed at a dead primary retries quickly.
	 */
	static String conninfo(String host, int port, String replica) {
		return "host=" + host + " port=" + port + " user=" + USERNAME + " application_name=" + replica
				+ " connect_timeout=2";
	}

	/** A connection for the fixture's own conversations: short timeouts, named in pg_stat_activity. */
	static Connection connect(String jdbcUrl) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", USERNAME);
		properties.setProperty("password", PASSWORD);
		properties.setProperty("connectTimeout", "2");
		properties.setProperty("socketTimeout", "30");
		properties.setProperty("ApplicationName", "replica-routing-fixture");
		return DriverManager.getConnection(jdbcUrl, properties);
	}

	/**
	 * Whether the server answers SQL and, when {@code streaming} is asked, streams from its
	 * primary as a standby. Refused connections and servers still starting answer {@code false}.
	 */
	static boolean serves(String jdbcUrl, boolean streaming) {
		try {
			String state = Jdbc.queryValue(() -> connect(jdbcUrl), streaming
					? "select coalesce((select status from pg_stat_wal_receiver), 'none') || ' ' || pg_is_in_recovery()"
					: "select 'serving'");
			return streaming ? "streaming true".equals(state) : "serving".equals(state);
		}
		catch (SQLException ex) {
			// Refused, or "the database system is starting up": not yet.
			return false;
		}
	}

}
