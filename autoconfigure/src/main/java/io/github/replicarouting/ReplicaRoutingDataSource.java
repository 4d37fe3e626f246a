package io.github.replicarouting;

import java.io.Closeable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.util.Assert;

/**
 * The {@link javax.sql.DataSource} an application uses: read-only transactions on replicas,
 * everything else on the primary. Each connection it hands out is logical and is routed at its
 * first statement, when the transaction's read-only flag is known, by the
 * {@link AbstractRoutingDataSource} it holds: keyed by target name, over the targets' pools each
 * guarded by its {@link TargetHealth}, it decides where the work goes, skips a replica that cannot
 * give a connection for the next one and then the primary, counts the route for statistics and
 * listeners, and refuses a write on a read-only route. Every connection takes that one path:
 * none is handed out that skips it.
 *
 * <p>
 * Deliberately not an {@code AbstractRoutingDataSource} itself, nor unwrappable to one: Spring
 * Boot's {@code db} health indicator composes every target of such a data source and would go
 * {@code DOWN} when one replica is down. Checked as a plain data source, it reports the primary.
 */
public final class ReplicaRoutingDataSource extends AbstractDataSource implements Closeable {

	private static final Log logger = LogFactory.getLog(ReplicaRoutingDataSource.class);

	private final Router router;

	private final List<RoutingTarget> replicas;

	private ReplicaRoutingDataSource(Router router) {
		this.router = router;
		this.replicas = router.replicas().stream().map(GuardedTarget::target).toList();
	}

	/**
	 * Start building a routing data source over {@code primary}.
	 * @param primary the primary target
	 * @return a builder
	 */
	public static Builder builder(RoutingTarget primary) {
		return new Builder(primary);
	}

	/**
	 * A logical connection, routed at its first statement.
	 * @return the connection
	 */
	@Override
	public Connection getConnection() {
		return this.router.getConnection();
	}

	/**
	 * Whether a connection taken from {@code dataSource} (a wrapper around a routing data source:
	 * a proxy, a spy, an observation) arrives already routed: the wrapper ran a statement, or asked
	 * the connection something only a target knows, as soon as it took it. Such a wrapper routes
	 * every transaction before its read-only flag is set, so read-only transactions go to the
	 * primary. Takes one connection and gives it back at once.
	 * @param dataSource the data source the application uses
	 * @return {@code true} if connections from it are routed before any statement of the application
	 * @throws SQLException if no connection could be taken
	 */
	public static boolean isRoutedWhenHandedOut(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			if (!connection.isWrapperFor(RoutingConnection.class)) {
				return false;
			}
			return connection.unwrap(RoutingConnection.class).routedConnection() != null;
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return this.router.getConnection(username, password);
	}

	/**
	 * The primary.
	 * @return the primary target
	 */
	public RoutingTarget getPrimary() {
		return this.router.primary().target();
	}

	/**
	 * The replicas, in configuration order.
	 * @return the replica targets
	 */
	public List<RoutingTarget> getReplicas() {
		return this.replicas;
	}

	/**
	 * The bound on reads that run on the primary for lack of a replica.
	 * @return the budget, or empty when such reads are not bounded
	 */
	public Optional<FallbackBudget> getFallbackBudget() {
		return Optional.ofNullable(this.router.fallbackBudget());
	}

	/**
	 * Let non-transactional reads go to replicas from now on (when so configured). Until this is
	 * called, while the application starts, all non-transactional work runs on the primary, so
	 * that schema migrations and initialization scripts never run on a replica. Reads the
	 * connection defaults from the primary now, unless its health knows it is down, so that a
	 * read-only transaction never waits on the primary's pool for them later.
	 */
	public void start() {
		this.router.start();
	}

	/**
	 * Close every target's pool.
	 */
	@Override
	public void close() {
		closeQuietly(getPrimary());
		this.replicas.forEach(ReplicaRoutingDataSource::closeQuietly);
	}

	private static void closeQuietly(RoutingTarget target) {
		if (target.pool() instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.warn(target.name() + " - failed to close its pool", ex);
			}
		}
	}

	/**
	 * Builds a {@link ReplicaRoutingDataSource}.
	 */
	public static final class Builder {

		private final RoutingTarget primary;

		private final List<RoutingTarget> replicas = new ArrayList<>();

		private final List<RoutingListener> listeners = new ArrayList<>();

		private LoadBalancing loadBalancing = LoadBalancing.ROUND_ROBIN;

		private NonTransactionalReads nonTransactionalReads = NonTransactionalReads.PRIMARY;

		private boolean fallbackToPrimary = true;

		private @Nullable FallbackBudget fallbackBudget;

		private ReadYourWritesMode readYourWritesMode = ReadYourWritesMode.WINDOW;

		private Duration readYourWritesWindow = Duration.ofSeconds(2);

		private Duration readYourWritesMaxWait = Duration.ZERO;

		private Clock clock = Clock.systemUTC();

		private ConsistencyScopeResolver scopeResolver = new ConsistencyScopes();

		private ReplicationPositions positions = ReplicationPositions.NONE;

		private Function<RoutingTarget, TargetHealth> health = (target) -> TargetHealth.unmonitored();

		private @Nullable RouteObservations observations;

		private @Nullable WriterSelection failover;

		private Builder(RoutingTarget primary) {
			this.primary = primary;
		}

		/**
		 * Add a replica.
		 * @param replica the replica target
		 * @return this builder
		 */
		public Builder replica(RoutingTarget replica) {
			Assert.isTrue(!replica.isPrimary(), "A replica cannot be named 'primary'");
			this.replicas.add(replica);
			return this;
		}

		/**
		 * Set how reads pick a replica.
		 * @param loadBalancing the strategy
		 * @return this builder
		 */
		public Builder loadBalancing(LoadBalancing loadBalancing) {
			this.loadBalancing = loadBalancing;
			return this;
		}

		/**
		 * Set where work outside any transaction goes.
		 * @param nonTransactionalReads the target kind
		 * @return this builder
		 */
		public Builder nonTransactionalReads(NonTransactionalReads nonTransactionalReads) {
			this.nonTransactionalReads = nonTransactionalReads;
			return this;
		}

		/**
		 * Set whether reads fall back to the primary when no replica can serve them.
		 * @param fallbackToPrimary whether to fall back
		 * @return this builder
		 */
		public Builder fallbackToPrimary(boolean fallbackToPrimary) {
			this.fallbackToPrimary = fallbackToPrimary;
			return this;
		}

		/**
		 * Bound the reads that run on the primary for lack of a replica, so that they cannot take
		 * the primary's whole pool from the writes. Unbounded by default.
		 * @param maxConcurrent how many such reads may run at once; greater than 0
		 * @param maxWait how long a read beyond the limit waits for a place before it fails with a
		 * {@link NoRouteAvailableException}
		 * @return this builder
		 */
		public Builder fallbackBudget(int maxConcurrent, Duration maxWait) {
			Assert.isTrue(maxConcurrent > 0, "maxConcurrent must be greater than 0");
			Assert.isTrue(!maxWait.isNegative(), "maxWait must not be negative");
			this.fallbackBudget = new FallbackBudget(maxConcurrent, maxWait);
			return this;
		}

		/**
		 * Set how {@code @ReadYourWrites} reads see their scope's writes.
		 * @param mode window or causal
		 * @param window in window mode, how long after a write the scope's reads stay on the
		 * primary; greater than zero
		 * @param maxWait in causal mode, how long a read may wait for a replica to catch up
		 * @return this builder
		 */
		public Builder readYourWrites(ReadYourWritesMode mode, Duration window, Duration maxWait) {
			Assert.isTrue(!window.isNegative() && !window.isZero(), "window must be greater than 0");
			Assert.isTrue(!maxWait.isNegative(), "maxWait must not be negative");
			this.readYourWritesMode = mode;
			this.readYourWritesWindow = window;
			this.readYourWritesMaxWait = maxWait;
			return this;
		}

		/**
		 * Set the clock that read-your-writes windows, {@link LoadBalancing#LEAST_LAG}'s
		 * staleness and the intervals between reports of failing listeners are measured with.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Set what finds the consistency scope of the current work.
		 * @param resolver the resolver
		 * @return this builder
		 */
		public Builder consistencyScopeResolver(ConsistencyScopeResolver resolver) {
			this.scopeResolver = resolver;
			return this;
		}

		/**
		 * Set how log positions are read, for causal read-your-writes.
		 * @param positions the positions of the database
		 * @return this builder
		 */
		public Builder replicationPositions(ReplicationPositions positions) {
			this.positions = positions;
			return this;
		}

		/**
		 * Set what decides, for each target, whether it may serve: the health package's
		 * {@code ReplicaMonitor::health}, which gives the primary its probe and each replica its
		 * circuit breaker and probe. Called once per target when the data source is built. By
		 * default every target always serves.
		 * @param health the health of each target
		 * @return this builder
		 */
		public Builder health(Function<RoutingTarget, TargetHealth> health) {
			this.health = health;
			return this;
		}

		/**
		 * Observe every routed piece of work in {@code registry}: one {@code replica.routing.route}
		 * observation from routing to the end of the work, with low-cardinality keys
		 * {@code target} and {@code reason} and the high-cardinality key {@code transaction}
		 * (the Spring transaction's name), child of the observation current where the work is
		 * routed. Without a registry, none is created.
		 * @param registry the observation registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry registry) {
			this.observations = new RouteObservations(registry);
			return this;
		}

		/**
		 * Let writes follow the node {@code selection} chooses among the primary and the replicas
		 * ({@code failover.mode: follow}), the primary serving reads when it is not that node: the
		 * health package's {@code ReplicaMonitor.failover()}. By default writes go to the primary
		 * only.
		 * @param selection which node takes writes, and each node's health in its other role
		 * @return this builder
		 */
		public Builder failover(WriterSelection selection) {
			this.failover = selection;
			return this;
		}

		/**
		 * Add a listener told about every routing decision.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(RoutingListener listener) {
			this.listeners.add(listener);
			return this;
		}

		/**
		 * Build the data source.
		 * @return the routing data source
		 */
		public ReplicaRoutingDataSource build() {
			List<GuardedTarget> readers = new ArrayList<>(this.replicas.stream().map(this::guarded).toList());
			List<GuardedTarget> otherWriters = new ArrayList<>();
			WriterSelection selection = this.failover;
			if (selection != null) {
				this.replicas.forEach((replica) -> otherWriters.add(new GuardedTarget(replica, selection.asWriter(replica))));
				readers.add(new GuardedTarget(this.primary, selection.asReader(this.primary)));
			}
			Writers writers = new Writers(guarded(this.primary), otherWriters, selection);
			return new ReplicaRoutingDataSource(new Router(writers, readers,
					new ReplicaSelectors.SlowStart(this.loadBalancing.createSelector(this.clock)),
					this.nonTransactionalReads, this.fallbackToPrimary, this.fallbackBudget,
					new ReadYourWritesPolicy(this.readYourWritesMode, this.readYourWritesWindow,
							this.readYourWritesMaxWait, this.clock, this.scopeResolver, this.positions),
					new RoutingListeners(this.listeners, this.observations, this.clock)));
		}

		private GuardedTarget guarded(RoutingTarget target) {
			TargetHealth health = this.health.apply(target);
			Assert.notNull(health, () -> "No health for " + target.name());
			return new GuardedTarget(target, health);
		}

	}

}
