package io.github.replicarouting.test.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.ContainerNetworkMode;

/**
 * The containers backend, whatever the database: one Docker container per node, started through
 * Testcontainers from one image, as one user, networked alike; the database says how its nodes
 * start. Closing removes every container and the cluster's network.
 */
public final class ContainerCluster implements ClusterServers {

	private final ContainerServer server;

	private final String image;

	private final String user;

	private final ContainerNetworkMode networkMode;

	private final int replicas;

	private final Duration timeout;

	private final List<ContainerNode> nodes = new CopyOnWriteArrayList<>();

	private volatile @Nullable ClusterContainers containers;

	/**
	 * @param server the database the containers run
	 * @param image the image
	 * @param user the user the servers run as
	 * @param networkMode how the containers are networked
	 * @param replicas how many replicas next to the primary
	 * @param timeout how long to wait for a server
	 */
	public ContainerCluster(ContainerServer server, String image, String user, ContainerNetworkMode networkMode,
			int replicas, Duration timeout) {
		this.server = server;
		this.image = image;
		this.user = user;
		this.networkMode = networkMode;
		this.replicas = replicas;
		this.timeout = timeout;
	}

	/** Fails at once, saying what to do, when no Docker engine answers. */
	@Override
	public List<ClusterNode> start() {
		DockerEngine.require(this.server.product());
		ClusterContainers created = ClusterContainers.create(this.server, this.image, this.user, this.networkMode);
		this.containers = created;
		this.server.start(created, this.replicas, this.timeout,
				(container) -> this.nodes.add(new ContainerNode(this.server, container)));
		return List.copyOf(this.nodes);
	}

	@Override
	public void close() {
		Parallel.forEach(this.nodes, (node) -> node.container().remove());
		ClusterContainers created = this.containers;
		if (created != null) {
			created.close();
		}
	}

	@Override
	public String toString() {
		ClusterContainers created = this.containers;
		return "containers of image '" + this.image + "', " + this.networkMode.name().toLowerCase(Locale.ROOT)
				+ " networking" + ((created != null) ? ", cluster " + created.clusterId() : "");
	}

}
