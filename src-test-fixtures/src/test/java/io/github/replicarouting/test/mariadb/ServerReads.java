package io.github.replicarouting.test.mariadb;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.test.app.LastRouting;
import io.github.replicarouting.test.app.ServerPorts.Served;

/**
 * Transactions that ask the server which node they run on, so that tests verify routing
 * against the database and not only against the router's bookkeeping.
 */
class ServerReads {

	private final JdbcTemplate jdbc;

	private final VendorSql sql;

	private final LastRouting lastDecision;

	ServerReads(JdbcTemplate jdbc, VendorSql sql, LastRouting lastDecision) {
		this.jdbc = jdbc;
		this.sql = sql;
		this.lastDecision = lastDecision;
	}

	@Transactional(readOnly = true)
	public Served readOnly() {
		return served();
	}

	@Transactional
	public Served readWrite() {
		return served();
	}

	private Served served() {
		this.lastDecision.take();
		Integer port = this.jdbc.queryForObject("select " + this.sql.serverPort(), Integer.class);
		return new Served(port, this.lastDecision.take());
	}

}

