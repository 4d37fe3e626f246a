package io.github.replicarouting.test;

/**
 * One server of a fixture's cluster, the primary or a replica, whatever the database and wherever
 * it runs: what a test needs to connect to it. The address stays the same across {@code stop},
 * {@code kill} and {@code start}, so pools and properties built from it remain valid.
 */
public interface ClusterNode {

	/**
	 * The node's name: {@code primary}, or {@code replica-1}, {@code replica-2}, ...
	 * @return the name
	 */
	String name();

	/**
	 * The TCP port to connect to; also the port the server itself reports.
	 * @return the port
	 */
	int port();

	/**
	 * The JDBC URL of the application's database on this node.
	 * @return the URL
	 */
	String jdbcUrl();

	/**
	 * The user to connect as.
	 * @return the user name
	 */
	String username();

	/**
	 * The user's password.
	 * @return the password
	 */
	String password();

	/**
	 * Whether the server runs (it was not stopped or killed).
	 * @return {@code true} while it runs
	 */
	boolean isRunning();

}
