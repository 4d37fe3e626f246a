package io.github.replicarouting.autoconfigure.app;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

@Service
public class InterfaceDeclaredService implements InterfaceDeclared {

	private final JdbcTemplate jdbc;

	public InterfaceDeclaredService(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String readOnly() {
		return Whoami.ask(this.jdbc);
	}

	@Override
	public String usePrimary() {
		return Whoami.ask(this.jdbc);
	}

}
