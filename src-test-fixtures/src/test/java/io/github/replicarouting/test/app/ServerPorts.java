package io.github.replicarouting.test.app;

import io.github.replicarouting.RoutingDecision;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Transactions that ask the server which node they run on ({@code inet_server_port()}), so that
 * tests verify routing against the database and not only against the router's bookkeeping.
 */
@Component
public class ServerPorts {

	private final JdbcTemplate jdbc;

	private final LastRouting lastRouting;

	ServerPorts(JdbcTemplate jdbc, LastRouting lastRouting) {
		this.jdbc = jdbc;
		this.lastRouting = lastRouting;
	}

	/**
	 * A read-only transaction.
	 * @return the port of the server that ran it and where the router sent it
	 */
	@Transactional(readOnly = true)
	public Served readOnly() {
		this.lastRouting.take();
		Integer port = this.jdbc.queryForObject("select inet_server_port()", Integer.class);
		return new Served(port, this.lastRouting.take());
	}

	/**
	 * A read-only transaction that holds its connection for {@code duration}, as a slow report
	 * would.
	 * @param duration how long the statement runs on the server
	 * @return the port of the server that ran it and where the router sent it
	 */
	@Transactional(readOnly = true)
	public Served slowReadOnly(java.time.Duration duration) {
		this.lastRouting.take();
		Integer port = this.jdbc.queryForObject("select inet_server_port() from pg_sleep(?)", Integer.class,
				duration.toMillis() / 1000.0);
		return new Served(port, this.lastRouting.take());
	}

	/**
	 * A read-write transaction asking who it runs as.
	 * @return the database user of the primary's connections
	 */
	@Transactional
	public String currentUser() {
		return this.jdbc.queryForObject("select current_user", String.class);
	}

	/**
	 * Where one transaction ran.
	 *
	 * @param port the server's port, as the server reports it
	 * @param decision the router's decision for it
	 */
	public record Served(int port, @Nullable RoutingDecision decision) {

	}

}
