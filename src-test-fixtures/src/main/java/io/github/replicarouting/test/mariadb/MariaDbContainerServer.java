package io.github.replicarouting.test.mariadb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.internal.ClusterContainers;
import io.github.replicarouting.test.internal.ContainerServer;
import io.github.replicarouting.test.internal.NodeContainer;
import io.github.replicarouting.test.internal.Parallel;

/**
 * MariaDB in the containers backend. Every container starts at once and makes its own data
 * directory; then replication is set up as for the embedded backend. A server is ready when it
 * answers a query as {@code root} (replication is awaited by the cluster); SIGTERM is its clean
 * shutdown.
 */
final class MariaDbContainerServer implements ContainerServer {

	@Override
	public String product() {
		return "MariaDB";
	}

	@Override
	public void start(ClusterContainers containers, int replicas, Duration timeout, Consumer<NodeContainer> register) {
		List<Integer> ports = ClusterContainers.freePorts(replicas + 1);
		List<NodeContainer> nodes = new ArrayList<>();
		for (int i = 0; i <= replicas; i++) {
			String name = (i == 0) ? RoutingDecision.PRIMARY : "replica-" + i;
			NodeContainer container = containers.node(name, ports.get(i), i > 0,
					MariaDbNodeCommand.node(containers.listenAddress(), ports.get(i), i + 1, i > 0));
			register.accept(container);
			nodes.add(container);
		}
		Parallel.forEach(nodes, (container) -> {
			container.launch();
			container.awaitServing(timeout, false);
		});
		new MariaDbReplication(timeout).setUp(target(nodes.get(0)),
				nodes.stream().skip(1).map(MariaDbContainerServer::target).toList(), containers.primaryHost());
	}

	@Override
	public String jdbcUrl(String host, int port) {
		return MariaDbReplication.jdbcUrl(host, port);
	}

	@Override
	public String username() {
		return MariaDbReplication.USERNAME;
	}

	@Override
	public String password() {
		return MariaDbReplication.PASSWORD;
	}

	/** Leaves word for its command to start the server writable. */
	@Override
	public void promoted(NodeContainer node) {
		node.writeFile(MariaDbNodeCommand.BASE, MariaDbNodeCommand.READ_ONLY, "0");
		node.promoted();
	}

	/** Leaves word for its command to start the server read-only. */
	@Override
	public void demoted(NodeContainer node) {
		node.writeFile(MariaDbNodeCommand.BASE, MariaDbNodeCommand.READ_ONLY, "1");
		node.demoted();
	}

	/**
	 * Leaves word for its command to delete the data directory and install a fresh one, read-only;
	 * replication then replays the primary's binary log from the start.
	 */
	@Override
	public void reseed(NodeContainer node, String primaryHost, int primaryPort) {
		node.writeFile(MariaDbNodeCommand.BASE, MariaDbNodeCommand.REINIT, "");
		demoted(node);
	}

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

	/** A node's container as the replication controls reach it. */
	static MariaDbReplication.Node target(NodeContainer node) {
		return new MariaDbReplication.Node(node.nodeName(), node.hostAddress(), node.hostPort(),
				node::isServerRunning, node::logTail);
	}

}
