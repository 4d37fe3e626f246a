package io.github.replicarouting.test.mariadb;

import java.util.Locale;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The few statements of the scenarios that differ by vendor, chosen by the product name of the
 * database the application is connected to.
 */
class VendorSql {

	private final boolean postgres;

	VendorSql(JdbcTemplate jdbc) {
		String product = jdbc.execute((ConnectionCallback<String>) (connection) -> connection.getMetaData()
			.getDatabaseProductName());
		this.postgres = product.toLowerCase(Locale.ROOT).contains("postgres");
	}

	/** The port of the server that runs the statement, as the server reports it. */
	String serverPort() {
		return this.postgres ? "inet_server_port()" : "@@port";
	}

	/** The server's id of the session that runs the statement. */
	String sessionId() {
		return this.postgres ? "pg_backend_pid()" : "connection_id()";
	}

	String createNoteTable() {
		return this.postgres ? "create table if not exists note (id bigserial primary key, body text not null)"
				: "create table if not exists note (id bigint auto_increment primary key, body text not null)";
	}

	/** Both PostgreSQL and MariaDB (10.5+) answer {@code INSERT ... RETURNING}. */
	String insertNote() {
		return "insert into note (body) values (?) returning id";
	}

}
