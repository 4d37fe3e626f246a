package io.github.replicarouting.test.mariadb;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.RoutingDecision;

/**
 * Where one transaction ran.
 *
 * @param port the server's port, as the server reports it
 * @param decision the router's decision for it
 */
record Served(int port, @Nullable RoutingDecision decision) {

	/**
	 * Transactions that ask the server which node they run on, so that tests verify routing
	 * against the database and not only against the router's bookkeeping.
	 */
	static class Reads {

		private final JdbcTemplate jdbc;

		private final VendorSql sql;

		private final LastDecision lastDecision;

		Reads(JdbcTemplate jdbc, VendorSql sql, LastDecision lastDecision) {
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

}
