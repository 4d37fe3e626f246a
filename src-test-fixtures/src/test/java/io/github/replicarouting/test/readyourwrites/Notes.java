package io.github.replicarouting.test.readyourwrites;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.ConsistencyScope;
import io.github.replicarouting.ConsistencyScopes;
import io.github.replicarouting.ReadYourWrites;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.app.LastRouting;

/**
 * Writes notes and reads them back, each read reporting the server that ran it
 * ({@code inet_server_port()}), where the router sent it and the consistency scope it ran in.
 */
class Notes {

	private final JdbcTemplate jdbc;

	private final LastRouting lastDecision;

	Notes(JdbcTemplate jdbc, LastRouting lastDecision) {
		this.jdbc = jdbc;
		this.lastDecision = lastDecision;
	}

	@Transactional
	public void createTable() {
		this.jdbc.execute("create table if not exists note (id bigserial primary key, body text not null)");
	}

	/**
	 * Write a note.
	 * @param body its text
	 * @return its id
	 */
	@Transactional
	public long write(String body) {
		return this.jdbc.queryForObject("insert into note (body) values (?) returning id", Long.class, body);
	}

	/**
	 * Read a note inside {@code @ReadYourWrites}.
	 * @param id the note's id
	 * @return what was read and where
	 */
	@ReadYourWrites
	@Transactional(readOnly = true)
	public Read readYourWrites(long id) {
		return readNote(this.jdbc, this.lastDecision, id);
	}

	/**
	 * Read a note in a plain read-only transaction, which may be stale.
	 * @param id the note's id
	 * @return what was read and where
	 */
	@Transactional(readOnly = true)
	public Read read(long id) {
		return readNote(this.jdbc, this.lastDecision, id);
	}

	static Read readNote(JdbcTemplate jdbc, LastRouting lastDecision, long id) {
		lastDecision.take();
		List<Read> rows = jdbc.query(
				"select inet_server_port(), (select body from note where id = ?)", (resultSet, row) -> new Read(
						resultSet.getString(2), resultSet.getInt(1), null, null), id);
		Read read = rows.get(0);
		return new Read(read.body(), read.port(), lastDecision.take(), ConsistencyScopes.current());
	}

	/**
	 * One read.
	 *
	 * @param body the note's text, or {@code null} when the server did not have the note
	 * @param port the port of the server that ran the read, as the server reports it
	 * @param decision where the router sent the read
	 * @param scope the consistency scope bound to the thread that read
	 */
	record Read(@Nullable String body, int port, @Nullable RoutingDecision decision, @Nullable ConsistencyScope scope) {

		boolean sees(String expected) {
			return expected.equals(this.body);
		}

	}

}
