package io.github.replicarouting.test.containers;

import io.github.replicarouting.test.ClusterNode;

/**
 * One server of a {@link ContainerizedReplicatedPostgres} cluster, the primary or a replica, in
 * its own container: what a test needs to connect to it. The address stays the same across
 * {@code stop}, {@code kill} and {@code start}, so pools and properties built from it remain
 * valid.
 */
public final class ContainerizedPostgresNode implements ClusterNode {

	private final NodeContainer container;

	ContainerizedPostgresNode(NodeContainer container) {
		this.container = container;
	}

	/**
	 * The node's name: {@code primary}, or {@code replica-1}, {@code replica-2}, ...
	 * @return the name
	 */
	public String name() {
		return this.container.nodeName();
	}

	/**
	 * The host to connect to: 127.0.0.1 with host networking, else the Docker host.
	 * @return the host name or address
	 */
	public String host() {
		return this.container.hostAddress();
	}

	/**
	 * The TCP port to connect to on {@link #host()}.
	 * @return the port
	 */
	public int port() {
		return this.container.hostPort();
	}

	/**
	 * The JDBC URL of its {@code postgres} database.
	 * @return for example {@code jdbc:postgresql://127.0.0.1:54321/postgres}
	 */
	public String jdbcUrl() {
		return ContainerSql.jdbcUrl(host(), port());
	}

	/**
	 * The superuser to connect as.
	 * @return {@code postgres}
	 */
	public String username() {
		return ContainerSql.USERNAME;
	}

	/**
	 * A password to connect with. The server trusts every connection and accepts any password.
	 * @return {@code postgres}
	 */
	public String password() {
		return ContainerSql.PASSWORD;
	}

	/**
	 * Whether its container runs (it was not stopped or killed).
	 * @return {@code true} while it runs
	 */
	public boolean isRunning() {
		return this.container.isServerRunning();
	}

	/**
	 * The id of its container, for {@code docker logs} and the like.
	 * @return the container id
	 */
	public String containerId() {
		return this.container.getContainerId();
	}

	NodeContainer container() {
		return this.container;
	}

	@Override
	public String toString() {
		return name() + " (" + jdbcUrl() + (isRunning() ? "" : ", not running") + ")";
	}

}
