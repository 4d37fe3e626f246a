package io.github.replicarouting.test.postgresql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.internal.ClusterContainers;
import io.github.replicarouting.test.internal.ContainerDefaults;
import io.github.replicarouting.test.internal.ContainerServer;
import io.github.replicarouting.test.internal.NodeContainer;
import io.github.replicarouting.test.internal.Parallel;

/**
 * PostgreSQL in the containers backend. The primary starts first, since it makes the data
 * directory, then every replica at once from the primary's never-started copy of it. A server is
 * ready when it answers a query and, as a standby, streams from its primary; SIGINT is its fast
 * shutdown (docker's default SIGTERM waits for every session).
 */
final class PostgresContainerServer implements ContainerServer {

	private static final System.Logger logger = System.getLogger(PostgresContainerServer.class.getName());

	private final String binDirectory;

	/** The container that holds the never-started data directory every node starts from. */
	private volatile NodeContainer templateHolder;

	/**
	 * @param binDirectory where {@code initdb} and {@code postgres} are in the image, or empty
	 * for its {@code PATH}
	 */
	PostgresContainerServer(String binDirectory) {
		this.binDirectory = binDirectory;
	}

	@Override
	public String product() {
		return "PostgreSQL";
	}

	@Override
	public void start(ClusterContainers containers, int replicas, Duration timeout, Consumer<NodeContainer> register) {
		String listen = containers.listenAddress();
		List<Integer> ports = ClusterContainers.freePorts(replicas + 1);

		NodeContainer primary = containers.node(RoutingDecision.PRIMARY, ports.get(0), false, NodeCommand
			.primary(this.binDirectory, listen, ports.get(0), containers.serverName(RoutingDecision.PRIMARY)));
		register.accept(primary);
		primary.launch();
		primary.awaitServing(timeout, false);
		this.templateHolder = primary;
		DataDirectoryArchive archive = DataDirectoryArchive.fromPrimary(primary.getDockerClient(),
				primary.getContainerId());

		List<NodeContainer> started = new ArrayList<>();
		for (int i = 1; i <= replicas; i++) {
			String name = "replica-" + i;
			NodeContainer replica = containers.node(name, ports.get(i), true,
					NodeCommand.replica(this.binDirectory, listen, ports.get(i), containers.serverName(name)));
			String conninfo = PostgresSql.conninfo(containers.primaryHost(), ports.get(0), name);
			replica.seedWith((client, containerId) -> archive.seed(client, containerId, conninfo));
			register.accept(replica);
			started.add(replica);
		}
		Parallel.forEach(started, NodeContainer::launch);
		for (NodeContainer replica : started) {
			replica.awaitServing(timeout, true);
			logger.log(System.Logger.Level.DEBUG, "{0}: streaming, at {1}:{2}", replica.nodeName(),
					replica.hostAddress(), replica.hostPort());
		}
	}

	@Override
	public String jdbcUrl(String host, int port) {
		return PostgresSql.jdbcUrl(host, port);
	}

	@Override
	public String username() {
		return PostgresSql.USERNAME;
	}

	@Override
	public String password() {
		return PostgresSql.PASSWORD;
	}

	/** PostgreSQL itself removes the promoted node's {@code standby.signal}. */
	@Override
	public void promoted(NodeContainer node) {
		node.promoted();
	}

	/** A {@code standby.signal} in its data directory; {@code ALTER SYSTEM} sets whom it follows. */
	@Override
	public void demoted(NodeContainer node) {
		node.writeFile(NodeCommand.DATA, "standby.signal", "");
		node.demoted();
	}

	/**
	 * A copy of the template, taken again from the container that made it (running or not), set
	 * up as a standby of the primary and staged for the node's command to swap in.
	 */
	@Override
	public void reseed(NodeContainer node, String primaryHost, int primaryPort) {
		NodeContainer holder = this.templateHolder;
		DataDirectoryArchive.fromPrimary(holder.getDockerClient(), holder.getContainerId())
			.stage(node.getDockerClient(), node.getContainerId(),
					PostgresSql.conninfo(primaryHost, primaryPort, node.nodeName()));
		node.demoted();
	}

	@Override
	public String stopSignal() {
		return "SIGINT";
	}

	@Override
	public boolean serves(NodeContainer node, boolean streaming) {
		return PostgresSql.serves(jdbcUrl(node.hostAddress(), node.hostPort()), streaming);
	}

	@Override
	public String imageRequirement() {
		return "The image needs sh, initdb and postgres (on its PATH or in the configured binary directory).";
	}

	@Override
	public String missingBinary(String image, String missing) {
		return "image '" + image + "' lacks the PostgreSQL binaries: " + missing
				+ ". Use an image with initdb and postgres, or set the binary directory to where they are "
				+ "(builder().binDirectory(...) or " + ContainerDefaults.BIN_DIRECTORY_VARIABLE + ").";
	}

}
