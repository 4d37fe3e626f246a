package io.github.replicarouting.test.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How both PostgreSQL fixtures (embedded and containerized) connect to their nodes, for the
 * application and for their own controls.
 */
public final class PostgresLogin {

	public static final String USERNAME = "postgres";

	/** Any password is accepted (trust authentication); a non-empty one suits every pool. */
	public static final String PASSWORD = "postgres";

	private PostgresLogin() {
	}

	/** A connection for the fixture's own short conversations: short timeouts, named in pg_stat_activity. */
	public static Connection connect(String jdbcUrl) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", USERNAME);
		properties.setProperty("password", PASSWORD);
		properties.setProperty("connectTimeout", "2");
		properties.setProperty("socketTimeout", "30");
		properties.setProperty("ApplicationName", "replica-routing-fixture");
		return DriverManager.getConnection(jdbcUrl, properties);
	}

}
