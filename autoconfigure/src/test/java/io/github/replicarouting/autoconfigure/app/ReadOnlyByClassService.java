package io.github.replicarouting.autoconfigure.app;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@Transactional(readOnly = true)
public class ReadOnlyByClassService {

	private final JdbcTemplate jdbc;

	public ReadOnlyByClassService(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public String inherited() {
		return Whoami.ask(this.jdbc);
	}

	@Transactional
	public String overriddenReadWrite() {
		return Whoami.ask(this.jdbc);
	}

}
