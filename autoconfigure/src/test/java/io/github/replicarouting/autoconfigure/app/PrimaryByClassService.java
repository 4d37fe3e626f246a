package io.github.replicarouting.autoconfigure.app;

import io.github.replicarouting.UsePrimary;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@UsePrimary
public class PrimaryByClassService {

	private final JdbcTemplate jdbc;

	public PrimaryByClassService(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	public String readOnly() {
		return Whoami.ask(this.jdbc);
	}

}
