package io.github.replicarouting.test.mariadb;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.ReadYourWrites;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.app.LastRouting;

/**
 * Writes notes and reads them back, each read reporting the server that ran it and where the
 * router sent it.
 */
public class Notes {

	private final JdbcTemplate jdbc;

	private final VendorSql sql;

	private final LastRouting lastDecision;

	Notes(JdbcTemplate jdbc, VendorSql sql, LastRouting lastDecision) {
		this.jdbc = jdbc;
		this.sql = sql;
		this.lastDecision = lastDecision;
	}

	@Transactional
	public void createTable() {
		this.jdbc.execute(this.sql.createNoteTable());
	}

	@Transactional
	public long write(String body) {
		return this.jdbc.queryForObject(this.sql.insertNote(), Long.class, body);
	}

	@ReadYourWrites
	@Transactional(readOnly = true)
	public Read readYourWrites(long id) {
		return readOnce(id);
	}

	@Transactional(readOnly = true)
	public Read read(long id) {
		return readOnce(id);
	}

	private Read readOnce(long id) {
		this.lastDecision.take();
		List<Read> rows = this.jdbc.query("select " + this.sql.serverPort() + ", (select body from note where id = ?)",
				(resultSet, row) -> new Read(resultSet.getString(2), resultSet.getInt(1), null), id);
		Read read = rows.get(0);
		return new Read(read.body(), read.port(), this.lastDecision.take());
	}

	/**
	 * One read.
	 *
	 * @param body the note's text, or {@code null} when the server did not have the note
	 * @param port the port of the server that ran the read, as the server reports it
	 * @param decision where the router sent the read
	 */
	public record Read(@Nullable String body, int port, @Nullable RoutingDecision decision) {

		public boolean sees(String expected) {
			return expected.equals(this.body);
		}

	}

}
