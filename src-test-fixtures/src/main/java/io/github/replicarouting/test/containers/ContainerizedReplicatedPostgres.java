package io.github.replicarouting.test.containers;

import java.time.Duration;

import io.github.replicarouting.test.ClusterBuilder;
import io.github.replicarouting.test.PostgresCluster;
import io.github.replicarouting.test.ReplicatedPostgres;
import io.github.replicarouting.test.ReplicatedPostgresException;
import io.github.replicarouting.test.internal.LoopbackPorts;
import io.github.replicarouting.test.internal.Poll;

/**
 * A PostgreSQL primary with streaming replicas, each in its own Docker container started through
 * Testcontainers: the containerized twin of {@link ReplicatedPostgres}, with the same controls
 * (pause and resume replay, stop, kill, start, promote, positions) and the same properties, for
 * teams that prefer containers. By default it runs the official {@code postgres:17} image with
 * Testcontainers' usual networking; the image, the directory of the server binaries in it and
 * the network mode are configurable, so that host networking with a locally built image serves
 * machines that reach no registry (see {@code docker/build-postgres-image.sh}). The replicas start
 * from a copy of the primary's freshly initialized data directory, so the image needs only
 * {@code sh}, {@code initdb} and {@code postgres}. {@link #close()} (or, failing that, a shutdown
 * hook) removes every container.
 */
public final class ContainerizedReplicatedPostgres extends PostgresCluster<ContainerizedPostgresNode> {

	private static final System.Logger logger = System.getLogger(ContainerizedReplicatedPostgres.class.getName());

	private final ClusterContainers containers;

	private ContainerizedReplicatedPostgres(Duration timeout, ClusterContainers containers) {
		super(timeout);
		this.containers = containers;
	}

	/**
	 * Starts configuring a cluster; two replicas unless told otherwise, image, binary directory
	 * and network mode from the system properties or environment variables named on the builder's
	 * methods, else the official image with bridge networking.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder(ContainerDefaults.fromSystem());
	}

	/**
	 * Stops a node with a fast shutdown (its container gets SIGINT): open sessions are
	 * disconnected and it exits cleanly. Its container is kept for {@link #start(String)}.
	 * @param name the node's name
	 */
	public void stop(String name) {
		node(name).container().stopServer(timeout());
	}

	/**
	 * Kills a node's container with SIGKILL, all its processes at once, like a crash. When this
	 * returns, its port refuses connections.
	 * @param name the node's name
	 */
	public void kill(String name) {
		ContainerizedPostgresNode node = node(name);
		node.container().killServer();
		Poll.until(timeout(), () -> !node.isRunning() && LoopbackPorts.refusesConnections(node.host(), node.port()),
				() -> new ReplicatedPostgresException(name + ": " + node.host() + ":" + node.port()
						+ " still accepts connections"));
	}

	/**
	 * Starts a stopped or killed node's container again on its old address and waits until it
	 * serves; a replica also until it streams again (when the primary runs).
	 * @param name the node's name
	 */
	public void start(String name) {
		NodeContainer container = node(name).container();
		container.restart();
		boolean primaryRuns = !container.isStandby() || primary().isRunning();
		container.awaitServing(timeout(), primaryRuns);
	}

	/**
	 * Promotes a replica to a primary that accepts writes; returns once it reports
	 * {@code pg_is_in_recovery() = false}. The other replicas keep following the old primary.
	 * @param replica the replica's name
	 */
	@Override
	public void promote(String replica) {
		super.promote(replica);
		replica(replica).container().promoted();
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
	protected String logTail(ContainerizedPostgresNode node) {
		return node.container().logTail();
	}

	/**
	 * Configures and starts a {@link ContainerizedReplicatedPostgres}.
	 */
	public static final class Builder extends ClusterBuilder<Builder> {

		private String image;

		private String binDirectory;

		private ContainerNetworkMode networkMode;

		private String user = "postgres";

		Builder(ContainerDefaults defaults) {
			this.image = defaults.image();
			this.binDirectory = defaults.binDirectory();
			this.networkMode = defaults.networkMode();
		}

		/**
		 * The image to run: one with {@code sh}, {@code initdb} and {@code postgres}. By default the
		 * system property {@code replica-routing.containers.image}, else the environment variable
		 * {@code REPLICA_ROUTING_POSTGRES_IMAGE}, else {@code postgres:17}.
		 * @param image an image name, for example {@code postgres:17-alpine}
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
		 * Where {@code initdb} and {@code postgres} are in the image. By default the system
		 * property {@code replica-routing.containers.bin-directory}, else the environment variable
		 * {@code REPLICA_ROUTING_POSTGRES_BIN_DIRECTORY}, else empty: found on the image's
		 * {@code PATH}, as in the official images and the locally built one.
		 * @param binDirectory an absolute directory in the image, or empty for the {@code PATH}
		 * @return this builder
		 */
		public Builder binDirectory(String binDirectory) {
			this.binDirectory = (binDirectory != null) ? binDirectory.trim() : "";
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
		 * The user the servers run as in their containers, by name or uid; PostgreSQL refuses to
		 * run as root.
		 * @param user {@code postgres} by default, uid 999 in the official Debian-based images
		 * and in the locally built one
		 * @return this builder
		 */
		public Builder user(String user) {
			if (user == null || user.isBlank() || "root".equals(user) || "0".equals(user)) {
				throw new IllegalArgumentException("user must be an unprivileged user, was " + user);
			}
			this.user = user;
			return this;
		}

		String image() {
			return this.image;
		}

		String binDirectory() {
			return this.binDirectory;
		}

		ContainerNetworkMode networkMode() {
			return this.networkMode;
		}

		String user() {
			return this.user;
		}

		/**
		 * Starts the containers and waits until the primary serves and every replica streams.
		 * @return the running cluster; close it when done
		 * @throws ReplicatedPostgresException if no Docker engine answers, or the cluster cannot
		 * start, with the reason and the failing container's log
		 */
		public ContainerizedReplicatedPostgres start() {
			DockerEngine.require("PostgreSQL", ReplicatedPostgresException::new);
			long started = System.nanoTime();
			ClusterContainers containers = ClusterContainers.create(PostgresContainerServer.INSTANCE, this.image,
					this.user, this.networkMode);
			ContainerizedReplicatedPostgres cluster = new ContainerizedReplicatedPostgres(timeout(), containers);
			cluster.registerShutdownHook();
			try {
				new ContainerClusterStarter(containers, this.binDirectory, replicaCount(), timeout()).start(
						(container) -> cluster.nodes().add(container.nodeName(), new ContainerizedPostgresNode(container)));
			}
			catch (RuntimeException ex) {
				cluster.close();
				throw (ex instanceof ReplicatedPostgresException failure) ? failure
						: new ReplicatedPostgresException("Could not start the containerized PostgreSQL cluster (image '"
								+ this.image + "', " + this.networkMode.name().toLowerCase(java.util.Locale.ROOT)
								+ " networking)", ex);
			}
			cluster.startedSince(started);
			logger.log(System.Logger.Level.INFO,
					"ContainerizedReplicatedPostgres {0}: primary and {1} replica(s) from {2} ready in {3} ms",
					containers.clusterId(),
					replicaCount(), this.image, cluster.startupTime().toMillis());
			return cluster;
		}

	}

}
