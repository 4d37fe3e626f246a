package io.github.replicarouting.test;

/**
 * One server of a {@link ReplicatedPostgres} cluster, the primary or a replica: what a test needs
 * to connect to it. The address stays the same across {@code stop}, {@code kill} and
 * {@code start}, so pools and properties built from it remain valid.
 */
public final class PostgresNode implements ClusterNode {

	private final NodeServer server;

	PostgresNode(NodeServer server) {
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
	 * The TCP port it listens on, on 127.0.0.1 only.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * The JDBC URL of its {@code postgres} database.
	 * @return for example {@code jdbc:postgresql://127.0.0.1:54321/postgres}
	 */
	public String jdbcUrl() {
		return Sql.jdbcUrl(this.server.port());
	}

	/**
	 * The superuser to connect as.
	 * @return {@code postgres}
	 */
	public String username() {
		return Sql.USERNAME;
	}

	/**
	 * A password to connect with. The server trusts local connections and accepts any password.
	 * @return {@code postgres}
	 */
	public String password() {
		return Sql.PASSWORD;
	}

	/**
	 * Whether the server process is running (it was not stopped or killed).
	 * @return {@code true} while it runs
	 */
	public boolean isRunning() {
		return this.server.isRunning();
	}

	NodeServer server() {
		return this.server;
	}

	@Override
	public String toString() {
		return name() + " (" + jdbcUrl() + (isRunning() ? "" : ", not running") + ")";
	}

}
