package io.github.replicarouting.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * lag ({@link #pauseReplication}, {@link #delayReplication}, {@link #disconnectReplication}),
 * positions and waits ({@link #primaryPosition()}, {@link #awaitReplicated}), failures
 * ({@link #kill}, {@link #stop}, {@link #start}), {@link #promote}, and the drills of a primary
 * change ({@link #switchover}, {@link #failover}, {@link #rejoin}). {@link #close()} (or, failing
 * that, a shutdown hook) stops every server and frees what the cluster holds. The protected
 * methods are what each database implements, in SQL on its nodes.
 * <p>
 * Node names are the identities of servers: {@code primary} is always the server the cluster
 * started as its primary, the one {@code replica-routing.primary.url} points at, and
 * {@link #properties()} never change. Roles move: after a switchover or a failover,
 * {@link #currentPrimary()} is the node that takes writes and {@link #currentReplicas()} the
 * nodes that replicate from it, and the controls of a replica take any current replica by name,
 * {@code primary} included once it is one.
 *
 * @param <P> the database's replication position
 */
public abstract class ReplicatedCluster<P extends ReplicationPosition<P>> implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(ReplicatedCluster.class.getName());

	private final ClusterNodes<ClusterNode> nodes = new ClusterNodes<>();

	private final ClusterRoles roles = new ClusterRoles();

	private final PrimaryChanges<P> changes;

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
		this.changes = new PrimaryChanges<>(this, this.roles);
	}

	/**
	 * The node started as the primary, named {@code primary}: the one
	 * {@code replica-routing.primary.url} points at. After a switchover or a failover it is no
	 * longer the node that takes writes; {@link #currentPrimary()} is.
	 * @return the node named {@code primary}
	 */
	public final ClusterNode primary() {
		return this.nodes.primary();
	}

	/**
	 * The nodes started as replicas, in order: {@code replica-1}, {@code replica-2}, ...
	 * {@link #currentReplicas()} are the nodes that replicate now.
	 * @return the replicas
	 */
	public final List<ClusterNode> replicas() {
		return this.nodes.replicas();
	}

	/**
	 * Every node, in start order: {@code primary}, {@code replica-1}, ...
	 * @return the nodes
	 */
	public final List<ClusterNode> nodes() {
		return List.copyOf(this.nodes.all());
	}

	/**
	 * The node that is the primary now: {@code primary} until a {@link #switchover} or a
	 * {@link #failover} made another node take over.
	 * @return the current primary, running or not
	 */
	public final ClusterNode currentPrimary() {
		return node(this.roles.primary());
	}

	/**
	 * The nodes that replicate from the current primary now, in start order, running or not; a
	 * node {@linkplain #promote promoted} on its own, or a failed primary that a failover left
	 * behind, is not one until {@link #rejoin} makes it one.
	 * @return the current replicas
	 */
	public final List<ClusterNode> currentReplicas() {
		return this.nodes.all().stream().filter((node) -> this.roles.isReplica(node.name())).toList();
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
	 * {@code Seconds_Behind_Master} then becomes {@code NULL}. The replica keeps receiving: a
	 * failover to it still brings what it received.
	 * @param replica the name of a current replica
	 */
	public final void pauseReplication(String replica) {
		pause(currentReplica(replica));
	}

	/**
	 * Makes a replica apply each transaction only {@code delay} after the primary committed it,
	 * while it keeps receiving them, as a replica that is merely behind: its reported lag grows
	 * with the time its oldest unapplied transaction waits. PostgreSQL sets
	 * {@code recovery_min_apply_delay}; MariaDB sets {@code MASTER_DELAY}, in whole seconds.
	 * Returns once the replica applies the delay. Ended by {@link #resumeReplication}.
	 * @param replica the name of a current replica
	 * @param delay how long each transaction waits; positive
	 */
	public final void delayReplication(String replica, Duration delay) {
		if (delay == null || delay.isNegative() || delay.isZero()) {
			throw new IllegalArgumentException("delay must be positive, was " + delay);
		}
		delay(currentReplica(replica), delay);
	}

	/**
	 * Cuts a replica off the primary's stream: it keeps serving and applies what it has already
	 * received, but receives nothing more, so the primary's later writes are exactly what a
	 * {@linkplain #failover failover} to it loses. PostgreSQL empties {@code primary_conninfo}
	 * (the WAL receiver stops); MariaDB stops the IO thread. Returns once the replica no longer
	 * receives. Ended by {@link #resumeReplication}.
	 * @param replica the name of a current replica
	 */
	public final void disconnectReplication(String replica) {
		disconnect(currentReplica(replica));
	}

	/**
	 * Lets a replica receive and apply again after {@link #pauseReplication},
	 * {@link #delayReplication} or {@link #disconnectReplication}; {@link #awaitReplicated}
	 * waits for it to catch up.
	 * @param replica the name of a current replica
	 */
	public final void resumeReplication(String replica) {
		resume(currentReplica(replica));
	}

	/**
	 * The current primary's write position. Every transaction committed on it before the call
	 * lies at or before it.
	 * @return the position
	 */
	public final P primaryPosition() {
		return writtenPosition(currentPrimary());
	}

	/**
	 * The position up to which a replica has applied the primary's changes: the data it serves
	 * includes everything up to it.
	 * @param replica the name of a current replica
	 * @return the position; on PostgreSQL {@code null} if it has replayed nothing since it started
	 */
	public final @Nullable P replayedPosition(String replica) {
		return appliedPosition(currentReplica(replica));
	}

	/**
	 * Waits until a replica has applied everything the current primary had written when this was
	 * called.
	 * @param replica the name of a current replica
	 * @throws ReplicatedClusterException if it has not within the cluster's timeout (for
	 * example because its replication is paused)
	 */
	public final void awaitReplicated(String replica) {
		awaitApplied(currentReplica(replica), primaryPosition());
	}

	/**
	 * Waits until every running current replica has applied everything the current primary had
	 * written.
	 * @throws ReplicatedClusterException if one has not within the cluster's timeout
	 */
	public final void awaitAllReplicated() {
		P target = primaryPosition();
		currentReplicas().stream().filter(ClusterNode::isRunning).forEach((replica) -> awaitApplied(replica, target));
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
	 * Starts a stopped or killed node on its old address, as what it was, and waits until it
	 * serves; a current replica also until it replicates again (when the current primary runs),
	 * pointed at the current primary first if the primary changed while it was down. A failed
	 * primary that a {@link #failover} left behind comes back as a primary with what it had: a
	 * second writable node, the split brain that a router must not write to; {@link #rejoin}
	 * brings it back as a replica instead.
	 * @param name the node's name
	 */
	public final void start(String name) {
		this.changes.start(node(name));
	}

	/**
	 * Promotes a replica to a primary that accepts writes, for good: it no longer starts as a
	 * replica. It first applies everything it has received, as PostgreSQL's promotion does. The
	 * other replicas keep following the current primary, which stays {@link #currentPrimary()}:
	 * two writable nodes, a split brain; {@link #failover} is the promotion that moves the
	 * cluster.
	 * @param replica the name of a current replica
	 */
	public final void promote(String replica) {
		this.changes.promote(currentReplica(replica));
	}

	/**
	 * A planned change of primary, with nothing lost: waits until {@code newPrimary} has applied
	 * everything, stops the current primary taking writes (PostgreSQL: a fast shutdown, after
	 * which the replica has received the whole stream; MariaDB: {@code read_only=1}), waits until
	 * {@code newPrimary} has applied all of it, promotes it, and makes every other running replica
	 * and the old primary replicate from it (PostgreSQL: {@code standby.signal} and
	 * {@code primary_conninfo}, re-read on reload; MariaDB:
	 * {@code CHANGE MASTER TO ... MASTER_USE_GTID=slave_pos} and {@code read_only=1}). Returns once
	 * they all replicate from it. Node names and {@link #properties()} do not change;
	 * {@link #currentPrimary()} is {@code newPrimary} from now on.
	 * @param newPrimary the name of a running current replica
	 * @return which node took over from which, at what position, in how long
	 * @throws ReplicatedClusterException if the current primary does not run, or
	 * {@code newPrimary} does not catch up within the cluster's timeout (paused or delayed)
	 */
	public final PrimaryChange<P> switchover(String newPrimary) {
		return this.changes.switchover(currentReplica(newPrimary));
	}

	/**
	 * An unplanned change of primary, as after a crash: kills the current primary (SIGKILL, if it
	 * still runs), promotes {@code newPrimary} with everything it had received, and makes every
	 * other running replica replicate from it. A replica that holds more of the old primary's
	 * stream than {@code newPrimary} got cannot follow it and is rebuilt from it, as
	 * {@link #rejoin} does. A replica that is down is pointed at {@code newPrimary} when it
	 * starts. The old primary stays down and detached: {@link #start} brings it back
	 * as a second primary, {@link #rejoin} as a replica. What the old primary wrote beyond
	 * {@link PrimaryChange#promotedPosition()} is lost. Node names and {@link #properties()} do not
	 * change; {@link #currentPrimary()} is {@code newPrimary} from now on.
	 * @param newPrimary the name of a running current replica
	 * @return which node took over from which, at what position, in how long
	 */
	public final PrimaryChange<P> failover(String newPrimary) {
		return this.changes.failover(currentReplica(newPrimary));
	}

	/**
	 * Makes a node a replica of the current primary again, whatever it was: a failed or detached
	 * former primary, a promoted replica, or a replica. Stops it if it runs, replaces its data with
	 * a copy of the cluster's initial data directory, starts it, and lets it replicate the current
	 * primary's whole stream from the start (PostgreSQL's WAL, kept by {@code wal_keep_size = 1GB};
	 * MariaDB's binary log). Whatever only the node had, such as the writes a failover lost, is
	 * gone, as {@code pg_rewind} would discard it (which the embedded binaries do not ship).
	 * Returns once it has applied everything the current primary had written.
	 * @param name the node's name; not the current primary
	 * @return how long it took
	 * @throws ReplicatedClusterException if the current primary does not run
	 */
	public final Duration rejoin(String name) {
		return this.changes.rejoin(node(name));
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
	 * Cuts a replica off the primary's stream and returns once it receives no more.
	 * @param replica the replica
	 */
	protected abstract void disconnect(ClusterNode replica);

	/**
	 * Makes a replica a primary that accepts writes, after it applied everything it had received;
	 * returns once it does.
	 * @param replica the replica
	 * @return how far it had applied its primary's stream when it was promoted
	 */
	protected abstract P leaveReplication(ClusterNode replica);

	/**
	 * Stops a running primary taking writes, for a switchover; {@code successor} is the replica
	 * that is to take over.
	 * @param primary the primary
	 * @param successor the replica to be promoted
	 * @return where the primary's stream ends: every write it acknowledged lies at or before it
	 */
	protected abstract P fence(ClusterNode primary, ClusterNode successor);

	/**
	 * How far into its primary's stream a replica is when it is made to follow another node: what
	 * it keeps of that stream. It can follow a node promoted at a position at or beyond this one.
	 * @param replica a running replica
	 * @return the position
	 */
	protected abstract P retainedPosition(ClusterNode replica);

	/**
	 * Points a running node's replication at {@code primary}, as a read-only replica, and returns
	 * once it replicates from it. A paused or delayed replica stays paused or delayed.
	 * @param replica the node
	 * @param primary the node to replicate from
	 */
	protected abstract void follow(ClusterNode replica, ClusterNode primary);

	/**
	 * Lets a node that was just {@linkplain ClusterNode#reseed reseeded} and started replicate
	 * {@code primary}'s whole stream from the start, and returns once it has applied everything
	 * the primary had written.
	 * @param node the reseeded node, running
	 * @param primary the node to replicate from
	 */
	protected abstract void replicateFromStart(ClusterNode node, ClusterNode primary);

	/**
	 * How long to wait for a server to start or stop, or for a replica to catch up.
	 * @return the builder's timeout
	 */
	protected final Duration timeout() {
		return this.timeout;
	}

	/**
	 * The host the other nodes reach a node at, for replication.
	 * @param node the node
	 * @return {@code 127.0.0.1}, or the node's name on a containers' bridge network
	 */
	protected final String peerHost(ClusterNode node) {
		return node.peerHost();
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
			startServers().forEach((node) -> {
				this.nodes.add(node.name(), node);
				if (!RoutingDecision.PRIMARY.equals(node.name())) {
					this.roles.follows(node.name());
				}
			});
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

	/**
	 * A current replica by name.
	 * @throws IllegalArgumentException if the node is no replica now
	 */
	private ClusterNode currentReplica(String name) {
		ClusterNode node = node(name);
		if (!this.roles.isReplica(name)) {
			throw new IllegalArgumentException("'" + name + "' is not a replica now: it is " + this.roles.describe(name)
					+ "; the current replicas are " + currentReplicas().stream().map(ClusterNode::name).toList());
		}
		return node;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + " " + this.nodes;
	}

}
