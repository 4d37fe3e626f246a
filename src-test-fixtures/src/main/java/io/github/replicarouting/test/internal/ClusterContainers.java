package io.github.replicarouting.test.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.ContainerNetworkMode;
import io.github.replicarouting.test.internal.LoopbackPorts;

/**
 * How the containers of one cluster are made, whatever the server: from one image, as one user,
 * labelled with the cluster's id, and networked alike. Each server listens on its own free port
 * of this machine, in its container too, so that the server itself tells the nodes apart whatever
 * the networking; with bridge networking the engine publishes it on the same port of the Docker
 * host, which assumes the engine runs on this machine or has the same ports free.
 *
 * @param server the database server the containers run
 * @param image the image
 * @param user the user the servers run as
 * @param clusterId the cluster's id, in every container's labels and the servers' names
 * @param network the cluster's own network with bridge networking, {@code null} with host networking
 */
public record ClusterContainers(ContainerServer server, String image, String user, String clusterId, @Nullable Network network) {

	/** A new cluster id and, for bridge networking, a new network of its own. */
	public static ClusterContainers create(ContainerServer server, String image, String user, ContainerNetworkMode mode) {
		String clusterId = "rr-" + UUID.randomUUID().toString().substring(0, 8);
		return new ClusterContainers(server, image, user, clusterId,
				(mode == ContainerNetworkMode.BRIDGE) ? Network.newNetwork() : null);
	}

	public boolean hostNetworking() {
		return this.network == null;
	}

	/** Where the tests reach the servers: 127.0.0.1 with host networking, else the Docker host. */
	public String hostAddress() {
		return hostNetworking() ? "127.0.0.1" : DockerClientFactory.instance().dockerHostIpAddress();
	}

	/** What a server listens on in its container: loopback on the host's network, else every address. */
	public String listenAddress() {
		return hostNetworking() ? "127.0.0.1" : "*";
	}

	/** How a replica reaches its primary: on loopback, or by the primary's alias on the cluster's network. */
	public String primaryHost() {
		return hostNetworking() ? "127.0.0.1" : RoutingDecision.PRIMARY;
	}

	/** Shows in server process titles and logs, which makes a cluster's servers recognizable. */
	public String serverName(String node) {
		return this.clusterId + "-" + node;
	}

	/**
	 * A node's container, not yet started. On a bridge network every node has its name as an
	 * alias, by which the others replicate from it, whichever node is the primary.
	 */
	public NodeContainer node(String name, int port, boolean standby, String command) {
		NodeContainer node = new NodeContainer(this.server, this.image, name, command, this.user, hostAddress(), port,
				hostNetworking() ? "127.0.0.1" : name, standby)
			.withLabel("io.github.replicarouting.cluster", this.clusterId);
		if (hostNetworking()) {
			node.withNetworkMode("host");
		}
		else {
			node.withNetwork(this.network);
			node.publish();
			node.withNetworkAliases(name);
		}
		return node;
	}

	/**
	 * Picks distinct free ports of this machine, holding each until all are picked so that none
	 * is handed out twice.
	 */
	public static List<Integer> freePorts(int count) {
		try {
			return LoopbackPorts.free(count);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find free ports for the containers", ex);
		}
	}

	/** Removes the cluster's network, if it has one. */
	public void close() {
		if (this.network != null) {
			this.network.close();
		}
	}

}
