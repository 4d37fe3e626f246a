package io.github.replicarouting.test.containers;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.testcontainers.containers.Container.ExecResult;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.ClusterBuilder;
import io.github.replicarouting.test.internal.LoopbackPorts;
import io.github.replicarouting.test.internal.MariaDbReplication;
import io.github.replicarouting.test.internal.Parallel;
import io.github.replicarouting.test.internal.Poll;
import io.github.replicarouting.test.mariadb.MariaDbCluster;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDb;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDbException;

/**
 * A MariaDB primary with GTID replicas, each in its own Docker container started through
 * Testcontainers: the containerized twin of {@link ReplicatedMariaDb}, with the same controls
 * (stop, delay and resume a replica's applier, stop, kill, start, promote, positions) and the
 * same properties, for teams that prefer containers. By default it runs the official
 * {@code mariadb:11.4} image with Testcontainers' usual networking; the image and the network
 * mode are configurable, so that host networking with a locally built image serves machines that
 * reach no registry (see {@code docker/build-mariadb-image.sh}). The image needs only {@code sh},
 * {@code mariadb-install-db} and {@code mariadbd}. Each node serves a database {@code app} to a
 * user {@code app}; replicas are {@code read_only} and replicate with
 * {@code MASTER_USE_GTID=slave_pos}. {@link #close()} (or, failing that, a shutdown hook) removes
 * every container.
 */
public final class ContainerizedReplicatedMariaDb extends MariaDbCluster<ContainerizedMariaDbNode> {

	private static final System.Logger logger = System.getLogger(ContainerizedReplicatedMariaDb.class.getName());

	private final ClusterContainers containers;

	private ContainerizedReplicatedMariaDb(Duration timeout, ClusterContainers containers) {
		super(timeout);
		this.containers = containers;
	}

	/**
	 * Starts configuring a cluster; two replicas unless told otherwise, image and network mode
	 * from the system properties or environment variables named on the builder's methods, else
	 * the official image with bridge networking.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder(ContainerDefaults.fromSystem());
	}

	/**
	 * Stops a node cleanly (its container gets SIGTERM): sessions are disconnected and it exits.
	 * Its container is kept for {@link #start(String)}.
	 * @param name the node's name
	 */
	public void stop(String name) {
		node(name).container().stopServer(timeout());
	}

	/**
	 * Kills a node's container with SIGKILL, like a crash. When this returns, its port refuses
	 * connections.
	 * @param name the node's name
	 */
	public void kill(String name) {
		ContainerizedMariaDbNode node = node(name);
		node.container().killServer();
		Poll.until(timeout(), () -> !node.isRunning() && LoopbackPorts.refusesConnections(node.host(), node.port()),
				() -> new ReplicatedMariaDbException(name + ": " + node.host() + ":" + node.port()
						+ " still accepts connections"),
				() -> new ReplicatedMariaDbException("Interrupted while waiting for " + name + " to die"));
	}

	/**
	 * Starts a stopped or killed node's container again on its old address and waits until it
	 * serves; a replica also until both its replication threads run again (when the primary runs).
	 * @param name the node's name
	 */
	public void start(String name) {
		ContainerizedMariaDbNode node = node(name);
		NodeContainer container = node.container();
		container.restart();
		container.awaitServing(timeout(), false);
		if (container.isStandby() && primary().isRunning()) {
			replication().awaitReplicating(target(node));
		}
	}

	/**
	 * Removes every container at once (and the cluster's network).
	 */
	@Override
	protected void shutDown() {
		nodes().forEachAtOnce((node) -> node.container().remove());
		this.containers.close();
	}

	@Override
	protected void promoted(ContainerizedMariaDbNode node) {
		try {
			ExecResult marked = node.container().execInContainer("touch", MariaDbNodeCommand.PROMOTED);
			if (marked.getExitCode() != 0) {
				throw new ReplicatedMariaDbException(node.name() + ": could not mark it promoted: " + marked.getStderr());
			}
		}
		catch (IOException ex) {
			throw new ReplicatedMariaDbException(node.name() + ": could not mark it promoted", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ReplicatedMariaDbException(node.name() + ": interrupted while marking it promoted", ex);
		}
		node.container().promoted();
	}

	@Override
	protected MariaDbReplication.Node target(ContainerizedMariaDbNode node) {
		return MariaDbContainerServer.target(node.container());
	}

	/**
	 * Configures and starts a {@link ContainerizedReplicatedMariaDb}.
	 */
	public static final class Builder extends ClusterBuilder<Builder> {

		private String image;

		private ContainerNetworkMode networkMode;

		private String user = "999";

		Builder(ContainerDefaults defaults) {
			this.image = defaults.mariaDbImage();
			this.networkMode = defaults.networkMode();
		}

		/**
		 * The image to run: one with {@code sh}, {@code mariadb-install-db} and {@code mariadbd}
		 * on its {@code PATH}. By default the system property
		 * {@code replica-routing.containers.mariadb-image}, else the environment variable
		 * {@code REPLICA_ROUTING_MARIADB_IMAGE}, else {@code mariadb:11.4}.
		 * @param image an image name, for example {@code mariadb:11.8}
		 * @return this builder
		 */
		public Builder image(String image) {
			if (image == null || image.isBlank()) {
				throw new IllegalArgumentException("image must not be empty");
			}
			this.image = image;
			return this;
		}

		/**
		 * How the containers are networked. By default the system property
		 * {@code replica-routing.containers.network}, else the environment variable
		 * {@code REPLICA_ROUTING_CONTAINER_NETWORK} ({@code host} or {@code bridge}), else
		 * {@link ContainerNetworkMode#BRIDGE}.
		 * @param networkMode the mode
		 * @return this builder
		 */
		public Builder networkMode(ContainerNetworkMode networkMode) {
			if (networkMode == null) {
				throw new IllegalArgumentException("networkMode must not be null");
			}
			this.networkMode = networkMode;
			return this;
		}

		/**
		 * The user the servers run as in their containers, by name or uid.
		 * @param user uid {@code 999} by default, {@code mysql} in the official images and in the
		 * locally built one
		 * @return this builder
		 */
		public Builder user(String user) {
			if (user == null || user.isBlank() || "root".equals(user) || "0".equals(user)) {
				throw new IllegalArgumentException("user must be an unprivileged user, was " + user);
			}
			this.user = user;
			return this;
		}

		/**
		 * Starts the containers and waits until the primary serves and every replica replicates.
		 * @return the running cluster; close it when done
		 * @throws ReplicatedMariaDbException if no Docker engine answers, or the cluster cannot
		 * start, with the reason and the failing container's log
		 */
		public ContainerizedReplicatedMariaDb start() {
			DockerEngine.require("MariaDB", ReplicatedMariaDbException::new);
			long started = System.nanoTime();
			ClusterContainers containers = ClusterContainers.create(MariaDbContainerServer.INSTANCE, this.image,
					this.user, this.networkMode);
			ContainerizedReplicatedMariaDb cluster = new ContainerizedReplicatedMariaDb(timeout(), containers);
			cluster.registerShutdownHook();
			try {
				cluster.startNodes(containers, replicaCount());
			}
			catch (RuntimeException ex) {
				cluster.close();
				throw (ex instanceof ReplicatedMariaDbException failure) ? failure
						: new ReplicatedMariaDbException("Could not start the containerized MariaDB cluster (image '"
								+ this.image + "', " + this.networkMode.name().toLowerCase(Locale.ROOT) + " networking)",
								ex);
			}
			cluster.startedSince(started);
			logger.log(System.Logger.Level.INFO,
					"ContainerizedReplicatedMariaDb {0}: primary and {1} replica(s) from {2} ready in {3} ms",
					containers.clusterId(), replicaCount(), this.image, cluster.startupTime().toMillis());
			return cluster;
		}

	}

	/**
	 * Creates every container, registering each before it is launched so that a failed start
	 * still removes them all, launches them at once (each makes its own data directory), then sets
	 * up replication.
	 */
	private void startNodes(ClusterContainers containers, int replicas) {
		List<Integer> ports = ClusterContainers.freePorts(replicas + 1);
		List<NodeContainer> launched = new ArrayList<>();
		for (int i = 0; i <= replicas; i++) {
			String name = (i == 0) ? RoutingDecision.PRIMARY : "replica-" + i;
			NodeContainer container = containers.node(name, ports.get(i), i > 0,
					MariaDbNodeCommand.node(containers.listenAddress(), ports.get(i), i + 1, i > 0));
			nodes().add(name, new ContainerizedMariaDbNode(container, i + 1));
			launched.add(container);
		}
		Parallel.forEach(launched, (container) -> {
			container.launch();
			container.awaitServing(timeout(), false);
		});
		replication().setUp(target(primary()), replicas().stream().map(this::target).toList(),
				containers.primaryHost());
	}

}
