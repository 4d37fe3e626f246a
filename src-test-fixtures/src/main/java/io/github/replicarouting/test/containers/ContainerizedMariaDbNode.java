package io.github.replicarouting.test.containers;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.internal.MariaDbReplication;

/**
 * One server of a {@link ContainerizedReplicatedMariaDb} cluster, the primary or a replica, in
 * its own container: what a test needs to connect to it. The address stays the same across
 * {@code stop}, {@code kill} and {@code start}, so pools and properties built from it remain
 * valid.
 */
public final class ContainerizedMariaDbNode implements ClusterNode {

	private final NodeContainer container;

	private final int serverId;

	ContainerizedMariaDbNode(NodeContainer container, int serverId) {
		this.container = container;
		this.serverId = serverId;
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
	 * The TCP port to connect to on {@link #host()}; also what {@code select @@port} answers.
	 * @return the port
	 */
	public int port() {
		return this.container.hostPort();
	}

	/**
	 * Its {@code server_id}, what {@code select @@server_id} answers: 1 for the primary, 2 for
	 * {@code replica-1}, and so on.
	 * @return the server id
	 */
	public int serverId() {
		return this.serverId;
	}

	/**
	 * The JDBC URL of its {@code app} database, for MariaDB Connector/J.
	 * @return for example {@code jdbc:mariadb://127.0.0.1:33061/app}
	 */
	public String jdbcUrl() {
		return MariaDbReplication.jdbcUrl(host(), port());
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
		return name() + " (" + jdbcUrl() + ", server_id " + this.serverId + (isRunning() ? "" : ", not running") + ")";
	}

}
