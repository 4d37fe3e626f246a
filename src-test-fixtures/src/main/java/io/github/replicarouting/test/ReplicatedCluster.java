package io.github.replicarouting.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.internal.CloseOnce;
import io.github.replicarouting.test.internal.ClusterNodes;
import io.github.replicarouting.test.internal.LoopbackPorts;
import io.github.replicarouting.test.internal.Poll;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real primary with replicas, started for integration tests: what every cluster of the
 * fixtures offers, PostgreSQL ({@code ReplicatedPostgres}) or MariaDB ({@code ReplicatedMariaDb}),
 * embedded or in containers. Its nodes by name, the {@code replica-routing.*} properties that
 * point the routing library at it, and the same controls whatever the database: real replication
 * lag ({@link #pauseReplication}, {@link #delayReplication}), positions and waits
 * ({@link #primaryPosition()}, {@link #awaitReplicated}), failures ({@link #kill}, {@link #stop},
 * {@link #start}) and {@link #promote}. {@link #close()} (or, failing that, a shutdown hook)
 * stops every server and frees what the cluster holds. The protected methods are what each
 * database implements, in SQL on its nodes.
 *
 * @param <P> the database's replication position
 */
public abstract class ReplicatedCluster<P extends ReplicationPosition<P>> implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(ReplicatedCluster.class.getName());

	private final ClusterNodes<ClusterNode> nodes = new ClusterNodes<>();

	private final Set<String> promoted = ConcurrentHashMap.newKeySet();

	private final Backend backend;

	private final Duration timeout;

	private final CloseOnce closing;

	private volatile Duration startupTime = Duration.ZERO;

	/**
	 * Creates a cluster that is not started yet; its builder starts it.
	 * @param backend where its servers run
	 * @param timeout how long to wait for a server to start or stop, or for a replica to catch up
	 */
	protected ReplicatedCluster(Backend backend, Duration timeout) {
		this.backend = backend;
		this.timeout = timeout;
		this.closing = new CloseOnce(getClass().getSimpleName() + "-shutdown", this::close);
	}

	/**
	 * The primary.
	 * @return the node named {@code primary}
	 */
	public final ClusterNode primary() {
		return this.nodes.primary();
	}

	/**
	 * The replicas in order: {@code replica-1}, {@code replica-2}, ...
	 * @return the replicas
	 */
	public final List<ClusterNode> replicas() {
		return this.nodes.replicas();
	}

	/**
	 * A replica by name.
	 * @param name for example {@code replica-1}
	 * @return the replica
	 * @throws IllegalArgumentException if there is no replica of that name
	 */
	public final ClusterNode replica(String name) {
		if (RoutingDecision.PRIMARY.equals(name)) {
			throw new IllegalArgumentException(
					"'primary' is not a replica; the replicas are " + this.nodes.replicaNames());
		}
		return node(name);
	}

	/**
	 * Any node by name, the primary included.
	 * @param name {@code primary}, {@code replica-1}, ...
	 * @return the node
	 * @throws IllegalArgumentException if there is no node of that name
	 */
	public final ClusterNode node(String name) {
		return this.nodes.node(name);
	}

	/**
	 * Where the servers run.
	 * @return the backend the builder chose
	 */
	public final Backend backend() {
		return this.backend;
	}

	/**
	 * How long starting the cluster took, until the primary served and every replica replicated.
	 * @return the start-up time
	 */
	public final Duration startupTime() {
		return this.startupTime;
	}

	/**
	 * The {@code replica-routing.*} properties that point the routing library at this cluster: the
	 * primary's URL and credentials and each replica's URL.
	 * @return property names and values, in a stable order
	 */
	public final Map<String, String> properties() {
		return this.nodes.routingProperties(ClusterNode::jdbcUrl, primary().username(), primary().password());
	}

	/**
	 * Registers {@link #properties()} with a Spring test, from a {@code @DynamicPropertySource}
	 * method or a {@code DynamicPropertyRegistrar} bean.
	 * @param registry the registry to add the properties to
	 */
	public final void registerProperties(DynamicPropertyRegistry registry) {
		properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * Stops a replica's applying of the primary's changes, so that it keeps serving the data it
	 * has while the primary moves on: real replication lag. Returns once the replica reports it
	 * stopped. PostgreSQL pauses WAL replay; MariaDB stops the SQL thread, whose
	 * {@code Seconds_Behind_Master} then becomes {@code NULL}.
	 * @param replica the replica's name
	 */
	public final void pauseReplication(String replica) {
		pause(replica(replica));
	}

	/**
	 * Makes a replica apply each transaction only {@code delay} after the primary committed it,
	 * while it keeps receiving them, as a replica that is merely behind: its reported lag grows
	 * with the time its oldest unapplied transaction waits. PostgreSQL sets
	 * {@code recovery_min_apply_delay}; MariaDB sets {@code MASTER_DELAY}, in whole seconds.
	 * Returns once the replica applies the delay. Ended by {@link #resumeReplication}.
	 * @param replica the replica's name
	 * @param delay how long each transaction waits; positive
	 */
	public final void delayReplication(String replica, Duration delay) {
		if (delay == null || delay.isNegative() || delay.isZero()) {
			throw new IllegalArgumentException("delay must be positive, was " + delay);
		}
		delay(replica(replica), delay);
	}

	/**
	 * Lets a replica apply again after {@link #pauseReplication} or {@link #delayReplication};
	 * {@link #awaitReplicated} waits for it to catch up.
	 * @param replica the replica's name
	 */
	public final void resumeReplication(String replica) {
		resume(replica(replica));
	}

	/**
	 * The primary's current write position. Every transaction committed on the primary before
	 * the call lies at or before it.
	 * @return the position
	 */
	public final P primaryPosition() {
		return writtenPosition(primary());
	}

	/**
	 * The position up to which a replica has applied the primary's changes: the data it serves
	 * includes everything up to it.
	 * @param replica the replica's name
	 * @return the position; on PostgreSQL {@code null} if it has replayed nothing since it started
	 */
	public final @Nullable P replayedPosition(String replica) {
		return appliedPosition(replica(replica));
	}

	/**
	 * Waits until a replica has applied everything the primary had written when this was called.
	 * @param replica the replica's name
	 * @throws ReplicatedClusterException if it has not within the cluster's timeout (for
	 * example because its replication is paused)
	 */
	public final void awaitReplicated(String replica) {
		awaitApplied(replica(replica), primaryPosition());
	}

	/**
	 * Waits until every running replica has applied everything the primary had written.
	 * @throws ReplicatedClusterException if one has not within the cluster's timeout
	 */
	public final void awaitAllReplicated() {
		P target = primaryPosition();
		replicas().stream().filter(ClusterNode::isRunning).forEach((replica) -> awaitApplied(replica, target));
	}

	/**
	 * Stops a node cleanly: open sessions are disconnected and it exits (PostgreSQL's fast
	 * shutdown, MariaDB's SIGTERM). A container is kept for {@link #start(String)}.
	 * @param name the node's name
	 */
	public final void stop(String name) {
		node(name).stop(this.timeout);
	}

	/**
	 * Kills a node with SIGKILL, all its processes at once, like a crash or a pulled cable. When
	 * this returns, no process of it is left and its port refuses connections.
	 * @param name the node's name
	 */
	public final void kill(String name) {
		ClusterNode node = node(name);
		node.kill();
		Poll.until(this.timeout, () -> !node.isRunning() && LoopbackPorts.refusesConnections(node.host(), node.port()),
				() -> new ReplicatedClusterException(
						name + ": " + node.host() + ":" + node.port() + " still accepts connections"));
	}

	/**
	 * Starts a stopped or killed node on its old address and waits until it serves; a replica also
	 * until it replicates again (when the primary runs).
	 * @param name the node's name
	 */
	public final void start(String name) {
		ClusterNode node = node(name);
		node.start(this.timeout);
		boolean replica = !RoutingDecision.PRIMARY.equals(name) && !this.promoted.contains(name);
		if (replica && primary().isRunning()) {
			awaitReplicating(node);
		}
	}

	/**
	 * Promotes a replica to a primary that accepts writes, for good: it no longer starts as a
	 * replica. The other replicas keep following the old primary.
	 * @param replica the replica's name
	 */
	public final void promote(String replica) {
		ClusterNode node = replica(replica);
		leaveReplication(node);
		node.promoted();
		this.promoted.add(replica);
	}

	/**
	 * Stops every server and frees what the cluster holds. Safe to call more than once; a
	 * shutdown hook calls it for a cluster that was not closed.
	 */
	@Override
	public final void close() {
		if (this.closing.first()) {
			shutDown();
		}
	}

	/**
	 * Starts every server and waits until the primary serves and every replica replicates. What
	 * it started must be stopped by {@link #shutDown()} even when it fails half-way.
	 * @return the nodes, the primary first, then {@code replica-1}, {@code replica-2}, ...
	 */
	protected abstract List<? extends ClusterNode> startServers();

	/** What {@link #close()} does, once: stop every server and free what the cluster holds. */
	protected abstract void shutDown();

	/**
	 * Stops a replica's applying and returns once it has stopped.
	 * @param replica the replica
	 */
	protected abstract void pause(ClusterNode replica);

	/**
	 * Delays a replica's applying and returns once the replica applies the delay.
	 * @param replica the replica
	 * @param delay the delay, positive
	 */
	protected abstract void delay(ClusterNode replica, Duration delay);

	/**
	 * Ends a pause or a delay.
	 * @param replica the replica
	 */
	protected abstract void resume(ClusterNode replica);

	/**
	 * What the primary has written.
	 * @param primary the primary
	 * @return its position
	 */
	protected abstract P writtenPosition(ClusterNode primary);

	/**
	 * What a replica has applied.
	 * @param replica the replica
	 * @return its position, or {@code null} if the database reports none
	 */
	protected abstract @Nullable P appliedPosition(ClusterNode replica);

	/**
	 * Waits until a replica has applied {@code target}, within the cluster's timeout.
	 * @param replica the replica
	 * @param target the position to reach
	 */
	protected abstract void awaitApplied(ClusterNode replica, P target);

	/**
	 * Waits until a replica that was started again replicates from the primary.
	 * @param replica the replica
	 */
	protected abstract void awaitReplicating(ClusterNode replica);

	/**
	 * Makes a replica a primary that accepts writes; returns once it does.
	 * @param replica the replica
	 */
	protected abstract void leaveReplication(ClusterNode replica);

	/**
	 * How long to wait for a server to start or stop, or for a replica to catch up.
	 * @return the builder's timeout
	 */
	protected final Duration timeout() {
		return this.timeout;
	}

	/**
	 * The last lines of a node's log, for failure messages.
	 * @param node the node
	 * @return the lines, after a header naming the log
	 */
	protected final String logTail(ClusterNode node) {
		return node.logTail();
	}

	/**
	 * Starts the servers for {@link ClusterBuilder#start()}; a failure closes the cluster.
	 * @param startedNanos {@link System#nanoTime()} when the builder began
	 */
	final void launch(long startedNanos) {
		this.closing.registerShutdownHook();
		try {
			startServers().forEach((node) -> this.nodes.add(node.name(), node));
		}
		catch (RuntimeException ex) {
			close();
			throw (ex instanceof ReplicatedClusterException failure) ? failure
					: new ReplicatedClusterException("Could not start " + this, ex);
		}
		this.startupTime = Duration.ofNanos(System.nanoTime() - startedNanos);
		logger.log(System.Logger.Level.INFO, "{0}: primary and {1} replica(s) ready in {2} ms", this,
				replicas().size(), this.startupTime.toMillis());
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + " " + this.nodes;
	}

}
