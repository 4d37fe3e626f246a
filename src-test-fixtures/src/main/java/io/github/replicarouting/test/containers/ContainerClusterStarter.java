package io.github.replicarouting.test.containers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.internal.Parallel;

/**
 * Creates and starts the containers of a PostgreSQL cluster: the primary first, since it makes
 * the data directory, then every replica at once from the primary's never-started copy of it.
 */
final class ContainerClusterStarter {

	private static final System.Logger logger = System.getLogger(ContainerClusterStarter.class.getName());

	private final ClusterContainers containers;

	private final String binDirectory;

	private final int replicas;

	private final Duration timeout;

	ContainerClusterStarter(ClusterContainers containers, String binDirectory, int replicas, Duration timeout) {
		this.containers = containers;
		this.binDirectory = binDirectory;
		this.replicas = replicas;
		this.timeout = timeout;
	}

	/**
	 * Starts the nodes, registering each before it is launched so that a failed start still
	 * removes them all.
	 */
	void start(Consumer<NodeContainer> register) {
		Duration timeout = this.timeout;
		String bin = this.binDirectory;
		String listen = this.containers.listenAddress();
		List<Integer> ports = ClusterContainers.freePorts(this.replicas + 1);

		NodeContainer primary = this.containers.node(RoutingDecision.PRIMARY, ports.get(0), false,
				NodeCommand.primary(bin, listen, ports.get(0), this.containers.serverName(RoutingDecision.PRIMARY)));
		register.accept(primary);
		primary.launch();
		primary.awaitServing(timeout, false);
		DataDirectoryArchive archive = DataDirectoryArchive.fromPrimary(primary.getDockerClient(),
				primary.getContainerId());

		List<NodeContainer> replicas = new ArrayList<>();
		for (int i = 1; i <= this.replicas; i++) {
			String name = "replica-" + i;
			NodeContainer replica = this.containers.node(name, ports.get(i), true,
					NodeCommand.replica(bin, listen, ports.get(i), this.containers.serverName(name), name,
							this.containers.primaryHost(), ports.get(0)));
			replica.seedWith(archive);
			register.accept(replica);
			replicas.add(replica);
		}
		Parallel.forEach(replicas, NodeContainer::launch);
		for (NodeContainer replica : replicas) {
			replica.awaitServing(timeout, true);
			logger.log(System.Logger.Level.DEBUG, "{0}: streaming, at {1}:{2}", replica.nodeName(),
					replica.hostAddress(), replica.hostPort());
		}
	}

}
