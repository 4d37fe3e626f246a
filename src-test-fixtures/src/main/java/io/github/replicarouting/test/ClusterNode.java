package io.github.replicarouting.test;

import java.time.Duration;

/**
 * One server of a fixture's cluster, the primary or a replica, whatever the database and
 * wherever it runs: what a test needs to connect to it. The address stays the same across
 * {@code stop}, {@code kill} and {@code start}, so pools and properties built from it remain
 * valid. The cluster controls its nodes ({@link ReplicatedCluster#kill(String)} and so on); the
 * protected methods are what each backend implements for it.
 */
public abstract class ClusterNode {

	private final String name;

	private final String host;

	private final int port;

	private final String jdbcUrl;

	private final String username;

	private final String password;

	/**
	 * Describes a node.
	 * @param name {@code primary}, or {@code replica-1}, {@code replica-2}, ...
	 * @param host the host to connect to
	 * @param port the port to connect to
	 * @param jdbcUrl the JDBC URL of the application's database on the node
	 * @param username the user to connect as
	 * @param password the user's password
	 */
	protected ClusterNode(String name, String host, int port, String jdbcUrl, String username, String password) {
		this.name = name;
		this.host = host;
		this.port = port;
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
	}

	/**
	 * The node's name: {@code primary}, or {@code replica-1}, {@code replica-2}, ...
	 * @return the name
	 */
	public final String name() {
		return this.name;
	}

	/**
	 * The host to connect to: {@code 127.0.0.1}, or the Docker host for containers on a bridge
	 * network.
	 * @return the host name or address
	 */
	public final String host() {
		return this.host;
	}

	/**
	 * The TCP port to connect to on {@link #host()}; also the port the server itself reports
	 * ({@code inet_server_port()}, {@code @@port}).
	 * @return the port
	 */
	public final int port() {
		return this.port;
	}

	/**
	 * The JDBC URL of the application's database on this node.
	 * @return for example {@code jdbc:postgresql://127.0.0.1:54321/postgres}
	 */
	public final String jdbcUrl() {
		return this.jdbcUrl;
	}

	/**
	 * The user to connect as.
	 * @return the user name
	 */
	public final String username() {
		return this.username;
	}

	/**
	 * The user's password.
	 * @return the password
	 */
	public final String password() {
		return this.password;
	}

	/**
	 * Whether the server runs (it was not stopped or killed).
	 * @return {@code true} while it runs
	 */
	public abstract boolean isRunning();

	/**
	 * Stops the server cleanly (sessions are disconnected, it exits); kills it if it has not
	 * within {@code timeout}.
	 * @param timeout how long a clean shutdown may take
	 */
	protected abstract void stop(Duration timeout);

	/** Kills every process of the server at once, like a crash; returns once they are gone. */
	protected abstract void kill();

	/**
	 * Starts the stopped or killed server again, on the same address, and waits until it answers
	 * SQL; the cluster then waits for a replica to replicate.
	 * @param timeout how long to wait
	 */
	protected abstract void start(Duration timeout);

	/** After the node's promotion: it no longer starts as a replica. */
	protected void promoted() {
	}

	/**
	 * After a switchover made this primary a replica: it starts as a read-only replica from now
	 * on. Called while the node runs or not.
	 */
	protected abstract void demoted();

	/**
	 * Replaces the data of the stopped node with a copy of the cluster's initial data directory,
	 * as every node had when the cluster started, so that it replicates the whole stream of the
	 * node at {@code primaryHost:primaryPort} from the start; it starts as a read-only replica from
	 * now on.
	 * @param primaryHost the host this node reaches the primary at
	 * @param primaryPort the primary's port
	 */
	protected abstract void reseed(String primaryHost, int primaryPort);

	/**
	 * The host the cluster's other nodes reach this one at, for replication.
	 * @return {@link #host()}, unless containers reach each other by name on a network of their
	 * own
	 */
	protected String peerHost() {
		return this.host;
	}

	/**
	 * The last lines of the server's log, for failure messages.
	 * @return the lines, after a header naming the log
	 */
	protected abstract String logTail();

	@Override
	public String toString() {
		return this.name + " (" + this.jdbcUrl + (isRunning() ? "" : ", not running") + ")";
	}

}
