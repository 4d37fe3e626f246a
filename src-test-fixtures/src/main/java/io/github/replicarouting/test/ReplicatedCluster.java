package io.github.replicarouting.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.internal.CloseOnce;
import io.github.replicarouting.test.internal.ClusterNodes;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every cluster of the fixtures offers, embedded or in containers, PostgreSQL or MariaDB: its
 * nodes by name, the {@code replica-routing.*} properties that point the routing library at it,
 * how long it took to start, and {@link #close()}. Replication controls, which differ by
 * database, are on the subclasses.
 *
 * @param <N> the type of its nodes
 */
public abstract class ReplicatedCluster<N extends ClusterNode> implements AutoCloseable {

	private final ClusterNodes<N> nodes = new ClusterNodes<>();

	private final Duration timeout;

	private final CloseOnce closing;

	private volatile Duration startupTime = Duration.ZERO;

	/**
	 * @param timeout how long to wait for a server to start or stop, or for a replica to catch up
	 */
	protected ReplicatedCluster(Duration timeout) {
		this.timeout = timeout;
		this.closing = new CloseOnce(getClass().getSimpleName() + "-shutdown", this::close);
	}

	/**
	 * The primary.
	 * @return the node named {@code primary}
	 */
	public N primary() {
		return this.nodes.primary();
	}

	/**
	 * The replicas in order: {@code replica-1}, {@code replica-2}, ...
	 * @return the replicas
	 */
	public List<N> replicas() {
		return this.nodes.replicas();
	}

	/**
	 * A replica by name.
	 * @param name for example {@code replica-1}
	 * @return the replica
	 * @throws IllegalArgumentException if there is no replica of that name
	 */
	public N replica(String name) {
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
	public N node(String name) {
		return this.nodes.node(name);
	}

	/**
	 * How long starting the cluster took, until the primary served and every replica replicated.
	 * @return the start-up time
	 */
	public Duration startupTime() {
		return this.startupTime;
	}

	/**
	 * The {@code replica-routing.*} properties that point the routing library at this cluster: the
	 * primary's URL and credentials and each replica's URL.
	 * @return property names and values, in a stable order
	 */
	public Map<String, String> properties() {
		return this.nodes.routingProperties(ClusterNode::jdbcUrl, primary().username(), primary().password());
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
	 * Stops every server and frees what the cluster holds (see {@link #shutDown()}). Safe to call
	 * more than once; a shutdown hook calls it for a cluster that was not closed.
	 */
	@Override
	public final void close() {
		if (this.closing.first()) {
			shutDown();
		}
	}

	/** What {@link #close()} does, once: stop every server and free what the cluster holds. */
	protected abstract void shutDown();

	/** Makes the JVM close the cluster on exit if no one has; called once starting begins. */
	protected final void registerShutdownHook() {
		this.closing.registerShutdownHook();
	}

	/** The nodes, for the subclass to add to while starting and to act on. */
	protected final ClusterNodes<N> nodes() {
		return this.nodes;
	}

	/** How long to wait for a server to start or stop, or for a replica to catch up. */
	protected final Duration timeout() {
		return this.timeout;
	}

	/**
	 * Records the start-up time.
	 * @param startedNanos {@link System#nanoTime()} when starting began
	 */
	protected final void startedSince(long startedNanos) {
		this.startupTime = Duration.ofNanos(System.nanoTime() - startedNanos);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + this.nodes;
	}

}
