package io.github.replicarouting.test.consistency;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.MaxStaleness;
import io.github.replicarouting.test.app.LastRouting;
import io.github.replicarouting.test.app.ServerPorts.Served;

/**
 * Read-only transactions under a staleness bound, each reporting the server that ran it
 * ({@code inet_server_port()}) and where the router sent it.
 */
class BoundedReads {

	private final JdbcTemplate jdbc;

	private final LastRouting lastRouting;

	BoundedReads(JdbcTemplate jdbc, LastRouting lastRouting) {
		this.jdbc = jdbc;
		this.lastRouting = lastRouting;
	}

	@MaxStaleness("500ms")
	@Transactional(readOnly = true)
	public Served within500Millis() {
		return served();
	}

	@MaxStaleness("2s")
	@Transactional(readOnly = true)
	public Served within2Seconds() {
		return served();
	}

	private Served served() {
		this.lastRouting.take();
		Integer port = this.jdbc.queryForObject("select inet_server_port()", Integer.class);
		return new Served(port, this.lastRouting.take());
	}

}
