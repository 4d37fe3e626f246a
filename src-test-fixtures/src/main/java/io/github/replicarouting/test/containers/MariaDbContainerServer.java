package io.github.replicarouting.test.containers;

import io.github.replicarouting.test.internal.MariaDbReplication;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDbException;

/**
 * MariaDB in a {@link NodeContainer}: ready when it answers a query as {@code root} (replication
 * is set up, and after a restart awaited, by the cluster); SIGTERM is its clean shutdown.
 */
enum MariaDbContainerServer implements ContainerServer {

	INSTANCE;

	@Override
	public String stopSignal() {
		return "SIGTERM";
	}

	@Override
	public boolean serves(NodeContainer node, boolean streaming) {
		return MariaDbReplication.answers(target(node));
	}

	@Override
	public String imageRequirement() {
		return "The image needs sh, mariadb-install-db and mariadbd on its PATH.";
	}

	@Override
	public String missingBinary(String image, String missing) {
		return "image '" + image + "' lacks the MariaDB binaries: " + missing
				+ ". Use an image with mariadb-install-db and mariadbd on its PATH: the official mariadb images, or "
				+ "one built by docker/build-mariadb-image.sh.";
	}

	@Override
	public RuntimeException failure(String message, Throwable cause) {
		return new ReplicatedMariaDbException(message, cause);
	}

	/** A node's container as the replication controls reach it. */
	static MariaDbReplication.Node target(NodeContainer node) {
		return new MariaDbReplication.Node(node.nodeName(), node.hostAddress(), node.hostPort(),
				node::isServerRunning, node::logTail);
	}

}
