package io.github.replicarouting.test.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.internal.LoopbackPorts;

/**
 * Creates and starts the containers of a cluster: the primary first, since it makes the data
 * directory, then every replica at once from the primary's never-started copy of it.
 */
final class ContainerClusterStarter {

	private static final System.Logger logger = System.getLogger(ContainerClusterStarter.class.getName());

	private final ContainerizedReplicatedPostgres.Builder settings;

	private final String clusterId;

	ContainerClusterStarter(ContainerizedReplicatedPostgres.Builder settings, String clusterId) {
		this.settings = settings;
		this.clusterId = clusterId;
	}

	/**
	 * Starts the nodes, registering each before it is launched so that a failed start still
	 * removes them all.
	 */
	void start(Network network, Consumer<NodeContainer> register) {
		Duration timeout = this.settings.timeout();
		boolean host = this.settings.networkMode() == ContainerNetworkMode.HOST;
		String hostAddress = host ? "127.0.0.1" : DockerClientFactory.instance().dockerHostIpAddress();
		List<Integer> ports = freePorts(this.settings.replicas() + 1);

		NodeContainer primary = node(RoutingDecision.PRIMARY, ports.get(0), hostAddress, network, false,
				NodeCommand.primary(this.settings.binDirectory(), host ? "127.0.0.1" : "*", ports.get(0),
						clusterName(RoutingDecision.PRIMARY)));
		if (network != null) {
			primary.withNetworkAliases(RoutingDecision.PRIMARY);
		}
		register.accept(primary);
		primary.launch();
		primary.awaitServing(timeout, false);
		DataDirectoryArchive archive = DataDirectoryArchive.fromPrimary(primary.getDockerClient(),
				primary.getContainerId());

		List<NodeContainer> replicas = new ArrayList<>();
		for (int i = 1; i <= this.settings.replicas(); i++) {
			String name = "replica-" + i;
			String primaryHost = host ? "127.0.0.1" : RoutingDecision.PRIMARY;
			NodeContainer replica = node(name, ports.get(i), hostAddress, network, true,
					NodeCommand.replica(this.settings.binDirectory(), host ? "127.0.0.1" : "*", ports.get(i),
							clusterName(name), name, primaryHost, ports.get(0)));
			replica.seedWith(archive);
			register.accept(replica);
			replicas.add(replica);
		}
		try {
			CompletableFuture
				.allOf(replicas.stream()
					.map((replica) -> CompletableFuture.runAsync(replica::launch))
					.toArray(CompletableFuture[]::new))
				.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
		for (NodeContainer replica : replicas) {
			replica.awaitServing(timeout, true);
			logger.log(System.Logger.Level.DEBUG, "{0}: streaming, at {1}:{2}", replica.nodeName(), hostAddress,
					replica.hostPort());
		}
	}

	private NodeContainer node(String name, int hostPort, String hostAddress, Network network, boolean standby,
			String command) {
		NodeContainer node = new NodeContainer(this.settings.image(), name, command, this.settings.user(), hostAddress,
				hostPort, standby)
			.withLabel("io.github.replicarouting.cluster", this.clusterId);
		if (network != null) {
			node.withNetwork(network);
			node.publish();
		}
		else {
			node.withNetworkMode("host");
		}
		return node;
	}

	/** Shows in every server process title, which makes a cluster's processes recognizable in ps. */
	private String clusterName(String node) {
		return this.clusterId + "-" + node;
	}

	/**
	 * Picks distinct free ports of this machine, holding each until all are picked so that none
	 * is handed out twice. Each server listens on its own, in its container too, so that
	 * {@code inet_server_port()} tells the nodes apart whatever the networking; with bridge
	 * networking the engine publishes it on the same port of the Docker host, which assumes the
	 * engine runs on this machine or has the same ports free.
	 */
	private static List<Integer> freePorts(int count) {
		try {
			return LoopbackPorts.free(count);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find free ports for the PostgreSQL containers", ex);
		}
	}

}
