package io.github.replicarouting.sample;

import java.util.List;

import io.github.replicarouting.ReadYourWrites;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads on replicas ({@code readOnly = true}), writes on the primary.
 */
@Service
public class NoteService {

	private final JdbcClient jdbc;

	public NoteService(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	public List<Note> list() {
		return this.jdbc.sql("select id, text from note order by id").query(Note.class).list();
	}

	@Transactional
	public Note add(String text) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("insert into note (text) values (?)").param(text).update(keys, "id");
		return new Note(keys.getKey().longValue(), text);
	}

	/**
	 * Read a note right after it was written, in the same thread: {@code @ReadYourWrites} sends
	 * the read to the primary while the replicas may not have the note yet.
	 */
	@ReadYourWrites
	@Transactional(readOnly = true)
	public List<Note> find(long id) {
		return this.jdbc.sql("select id, text from note where id = ?").param(id).query(Note.class).list();
	}

}
