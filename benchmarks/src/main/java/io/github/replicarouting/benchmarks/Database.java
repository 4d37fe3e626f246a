package io.github.replicarouting.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The databases the benchmarks run on, each a primary and one replica holding the same small
 * table ({@value #ROWS} rows of {@code item}).
 */
enum Database {

	/**
	 * Two independent H2 in-memory databases in the benchmark's JVM: no network, no server, so
	 * that whatever the routing layer costs shows as plainly as it ever will.
	 */
	H2("h2") {

		@Override
		Endpoints endpoints() {
			Endpoints endpoints = new Endpoints(this, "jdbc:h2:mem:bench-primary;DB_CLOSE_DELAY=-1",
					"jdbc:h2:mem:bench-replica;DB_CLOSE_DELAY=-1", "primary", "replica", "sa", "");
			createSchema(endpoints.primaryUrl(), endpoints, "primary");
			createSchema(endpoints.replicaUrl(), endpoints, "replica");
			return endpoints;
		}

		@Override
		String whoAmI() {
			return "select name from whoami";
		}

	},

	/**
	 * A real PostgreSQL primary and its streaming replica on loopback (the project's test
	 * fixture), shared by every benchmark in the JVM.
	 */
	POSTGRESQL("postgresql") {

		@Override
		Endpoints endpoints() {
			return PostgresCluster.endpoints();
		}

		@Override
		String whoAmI() {
			return "select case when pg_is_in_recovery() then 'replica' else 'primary' end";
		}

	};

	/**
	 * The rows of {@code item}; reads and writes pick one at random.
	 */
	static final int ROWS = 1000;

	private final String id;

	Database(String id) {
		this.id = id;
	}

	/**
	 * The endpoints of this database, its schema created and its data in place on both servers.
	 */
	abstract Endpoints endpoints();

	/**
	 * A query answering {@code primary} or {@code replica}: which server ran it.
	 */
	abstract String whoAmI();

	String id() {
		return this.id;
	}

	static Database of(String id) {
		for (Database database : values()) {
			if (database.id.equals(id)) {
				return database;
			}
		}
		throw new IllegalArgumentException("Unknown database '" + id + "'");
	}

	/**
	 * Creates {@code item} (and, on H2, {@code whoami}, since two H2 databases cannot tell which
	 * is which) if missing. Idempotent: in-process runs set up the same database many times.
	 */
	static void createSchema(String url, Endpoints endpoints, String role) {
		DataSource dataSource = new SimpleDriverDataSource(driver(url), url, endpoints.username(),
				endpoints.password());
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("create table if not exists item (id int primary key, name varchar(64) not null, "
					+ "hits bigint not null default 0)");
			statement.execute("delete from item");
			try (PreparedStatement insert = connection.prepareStatement("insert into item (id, name) values (?, ?)")) {
				for (int id = 1; id <= ROWS; id++) {
					insert.setInt(1, id);
					insert.setString(2, "item-" + id);
					insert.addBatch();
				}
				insert.executeBatch();
			}
			if (url.startsWith("jdbc:h2:")) {
				statement.execute("create table if not exists whoami (name varchar(16) not null)");
				statement.execute("delete from whoami");
				statement.execute("insert into whoami (name) values ('" + role + "')");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the benchmark schema on " + role, ex);
		}
	}

	private static java.sql.Driver driver(String url) {
		try {
			return java.sql.DriverManager.getDriver(url);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("No JDBC driver for " + url, ex);
		}
	}

}
