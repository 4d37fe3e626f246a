package io.github.replicarouting.test.chaos;

import io.github.replicarouting.ReadYourWrites;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What each simulated user does: write a row, read it back inside {@code @ReadYourWrites}, and
 * run a plain read-only query.
 */
@Service
public class Workload {

	private final JdbcTemplate jdbc;

	public Workload(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional
	public void write(long id) {
		this.jdbc.update("insert into chaos_write (id) values (?)", id);
	}

	@ReadYourWrites
	@Transactional(readOnly = true)
	public boolean sees(long id) {
		Long count = this.jdbc.queryForObject("select count(*) from chaos_write where id = ?", Long.class, id);
		return count != null && count == 1;
	}

	@Transactional(readOnly = true)
	public long count() {
		Long count = this.jdbc.queryForObject("select count(*) from chaos_write", Long.class);
		return (count != null) ? count : 0;
	}

}
