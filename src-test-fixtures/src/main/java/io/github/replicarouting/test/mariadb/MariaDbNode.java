package io.github.replicarouting.test.mariadb;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.internal.MariaDbReplication;

/**
 * One server of a {@link ReplicatedMariaDb} cluster, the primary or a replica: what a test needs
 * to connect to it. The address stays the same across {@code stop}, {@code kill} and
 * {@code start}, so pools and properties built from it remain valid.
 */
public final class MariaDbNode implements ClusterNode {

	private final MariaDbServer server;

	MariaDbNode(MariaDbServer server) {
		this.server = server;
	}

	/**
	 * The node's name: {@code primary}, or {@code replica-1}, {@code replica-2}, ...
	 * @return the name
	 */
	public String name() {
		return this.server.name();
	}

	/**
	 * The TCP port it listens on, on 127.0.0.1 only; also what {@code select @@port} answers.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Its {@code server_id}, what {@code select @@server_id} answers: 1 for the primary, 2 for
	 * {@code replica-1}, and so on.
	 * @return the server id
	 */
	public int serverId() {
		return this.server.serverId();
	}

	/**
	 * The JDBC URL of its {@code app} database, for MariaDB Connector/J.
	 * @return for example {@code jdbc:mariadb://127.0.0.1:33061/app}
	 */
	public String jdbcUrl() {
		return MariaDbReplication.jdbcUrl("127.0.0.1", this.server.port());
	}

	/**
	 * The application user: every privilege on the {@code app} database, plus {@code SLAVE MONITOR}
	 * and {@code BINLOG MONITOR} for the replica probes, and nothing that writes past
	 * {@code read_only}, so a write on a replica fails as it would in production.
	 * @return {@code app}
	 */
	public String username() {
		return MariaDbReplication.USERNAME;
	}

	/**
	 * The application user's password.
	 * @return {@code app}
	 */
	public String password() {
		return MariaDbReplication.PASSWORD;
	}

	/**
	 * Whether the server process is running (it was not stopped or killed).
	 * @return {@code true} while it runs
	 */
	public boolean isRunning() {
		return this.server.isRunning();
	}

	MariaDbServer server() {
		return this.server;
	}

	@Override
	public String toString() {
		return name() + " (" + jdbcUrl() + ", server_id " + serverId() + (isRunning() ? "" : ", not running") + ")";
	}

}
