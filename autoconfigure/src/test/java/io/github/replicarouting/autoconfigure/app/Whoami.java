package io.github.replicarouting.autoconfigure.app;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Asks the database that serves the current connection for its name.
 */
public final class Whoami {

	private Whoami() {
	}

	public static String ask(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select name from whoami", String.class);
	}

}
