package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.github.replicarouting.RoutingContext.Force;

/**
 * The routing data source proper: an {@link AbstractRoutingDataSource} keyed by target name,
 * whose targets are the pools guarded by their health ({@link GuardedTarget}). Its connections
 * are logical ({@link RoutingConnection}): each asks {@link #route} at its first statement, when
 * the transaction's read-only flag is known, which decides where the work goes, takes a
 * connection there through the target's health, tries the next replica and then the primary when
 * a replica cannot give one, and says what it chose. The lookup key of the current thread's work
 * ({@link #determineCurrentLookupKey()}) follows the same rules without taking a connection.
 */
final class Router extends AbstractRoutingDataSource {

	private final Writers writers;

	private final Readers readers;

	private final NonTransactionalReads nonTransactionalReads;

	private final boolean fallbackToPrimary;

	private final @Nullable FallbackBudget fallbackBudget;

	private final ReadYourWritesPolicy readYourWrites;

	private final RoutingListeners listeners;

	private final SessionDefaults defaults;

	private final ConsistencyRecorder recorder;

	private volatile boolean started;

	/**
	 * @param writers the nodes that may take writes, the configured primary first
	 * @param readers the nodes that may serve reads: the configured replicas, and in follow mode
	 * the primary too (behind its health as a reader)
	 * @param selector how a read picks among the candidates
	 * @param fallbackBudget how many reads may fall back to the primary at once, or {@code null}
	 * for no limit
	 */
	Router(Writers writers, List<GuardedTarget> readers, ReplicaSelector selector,
			NonTransactionalReads nonTransactionalReads, boolean fallbackToPrimary, @Nullable FallbackBudget fallbackBudget,
			ReadYourWritesPolicy readYourWrites, RoutingListeners listeners) {
		GuardedTarget primary = writers.configured();
		this.writers = writers;
		this.readers = new Readers(readers, selector, readYourWrites);
		this.nonTransactionalReads = nonTransactionalReads;
		this.fallbackToPrimary = fallbackToPrimary;
		this.fallbackBudget = fallbackBudget;
		this.readYourWrites = readYourWrites;
		this.listeners = listeners;
		this.defaults = new SessionDefaults(primary, this.readers::candidates);
		this.recorder = new ConsistencyRecorder(readYourWrites,
				new ReplicationAwaiter(this.readers.replicas(), readYourWrites.positions()));
		Map<Object, Object> byName = new LinkedHashMap<>();
		byName.put(primary.name(), primary);
		this.readers.replicas().forEach((replica) -> byName.put(replica.name(), replica));
		setTargetDataSources(byName);
		setLenientFallback(false);
		afterPropertiesSet();
	}

	/** The configured primary. */
	GuardedTarget primary() {
		return this.writers.configured();
	}

	/** The node writes go to now; the configured primary when none may take them. */
	GuardedTarget writer() {
		return this.writers.currentOrConfigured();
	}

	List<GuardedTarget> replicas() {
		return this.readers.replicas();
	}

	SessionDefaults defaults() {
		return this.defaults;
	}

	/**
	 * From now on, non-transactional work may go to replicas. Until then (while the application
	 * context starts) it all goes to the primary, so that schema migrations and initialization
	 * scripts never touch a replica.
	 */
	void start() {
		this.started = true;
		this.defaults.readIfPrimaryServes();
	}

	/**
	 * A logical connection, routed by {@link #route} at its first statement.
	 */
	@Override
	public Connection getConnection() {
		return new RoutingConnection(this);
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException(
				"Each target of a replica routing data source has its own credentials (replica-routing.*): "
						+ "use getConnection()");
	}

	/**
	 * Route one piece of work: decide where it goes, and take a connection there.
	 * @param context what the code asked for when the work began
	 * @param transactional whether the work is a transaction
	 * @param readOnly whether that transaction is read-only
	 * @param firstSql the work's first statement, or {@code null} when the route is needed for
	 * something else
	 * @return what was chosen, on which connection, and why
	 * @throws SQLException when no target could give a connection; for a read on a replica the
	 * message names every target tried and why
	 */
	Routed route(RoutingContext context, boolean transactional, boolean readOnly, @Nullable String firstSql)
			throws SQLException {
		Destination destination = decide(context, transactional, readOnly, firstSql);
		Route route = destination.route();
		if (!route.toReplica()) {
			return onPrimary(route);
		}
		if (destination.freshness() instanceof Freshness.Replayed replayed) {
			List<GuardedTarget> candidates = this.readers.bounded(this.readers.candidates(), destination);
			Routed caughtUp = candidates.isEmpty() ? null : this.readYourWrites.connectCaughtUp(candidates,
					this.readers.select(candidates), replayed.position(), route.readOnly());
			return (caughtUp != null) ? caughtUp : onPrimary(route);
		}
		return connectReplica(route, destination, context);
	}

	private Routed onPrimary(Route route) throws SQLException {
		return onPrimary(route, route.reason());
	}

	private Routed onPrimary(Route route, RoutingReason reason) throws SQLException {
		GuardedTarget writer = this.writers.current();
		return new Routed(writer, writer.getConnection(route.readOnly()), reason, route.readOnly());
	}

	/**
	 * Whether work outside a transaction in {@code context} is routed by its first statement's
	 * SQL ({@code non-transactional-reads: replica}, nothing forced).
	 */
	boolean routesBySql(RoutingContext context) {
		return this.started && this.nonTransactionalReads == NonTransactionalReads.REPLICA && context.force() == null;
	}

	private Destination decide(RoutingContext context, boolean transactional, boolean readOnly,
			@Nullable String firstSql) {
		if (context.force() == Force.PRIMARY) {
			return Destination.of(Route.PRIMARY_FORCED);
		}
		if (transactional && !readOnly && context.force() != Force.REPLICA) {
			return Destination.of(Route.PRIMARY_READ_WRITE);
		}
		boolean readOnlyRoute = transactional || context.force() == Force.REPLICA;
		boolean toReplica = readOnlyRoute || (this.started && this.nonTransactionalReads == NonTransactionalReads.REPLICA
				&& firstSql != null && !SqlStatements.needsPrimary(firstSql));
		if (!toReplica) {
			return Destination.of(Route.PRIMARY_NON_TRANSACTIONAL);
		}
		// A repository read asked for nothing: with no scope, it has no writes of its own to see.
		Destination destination = context.readYourWrites()
				? this.readYourWrites.decide(writer().health(), !context.repositoryRead())
				: Destination.of(readOnlyRoute ? Route.REPLICA_READ_ONLY : Route.REPLICA_NON_TRANSACTIONAL);
		return destination.bounded(context.maxStalenessMillis());
	}

	/**
	 * A connection from the replica the load balancer picks among those that may serve, then
	 * from the others, then from the primary when fallback is allowed.
	 */
	private Routed connectReplica(Route route, Destination destination, RoutingContext context) throws SQLException {
		List<GuardedTarget> candidates = this.readers.candidates(destination.freshness());
		if (candidates.isEmpty() && destination.freshness() instanceof Freshness.NoStalerThan) {
			// No replica is known to have the scope's writes: the primary has them.
			return onPrimary(route);
		}
		if (destination.isBounded()) {
			List<GuardedTarget> fresh = this.readers.bounded(candidates, destination);
			if (fresh.isEmpty() && !candidates.isEmpty()) {
				return tooStale(route, destination, candidates, context);
			}
			candidates = fresh;
		}
		return connectInTurn(route, candidates);
	}

	/**
	 * The balancer's pick first, then the other candidates in turn, then the fallback.
	 */
	private Routed connectInTurn(Route route, List<GuardedTarget> candidates) throws SQLException {
		// Allocated on the first failure only: the common read allocates nothing here.
		RouteFailures failures = null;
		int size = candidates.size();
		int first = (size > 0) ? this.readers.select(candidates) : 0;
		for (int i = 0; i < size; i++) {
			GuardedTarget replica = candidates.get((first + i) % size);
			try {
				Connection connection = replica.tryConnect();
				if (connection != null) {
					return new Routed(replica, connection, route.reason(), route.readOnly());
				}
				failures = RouteFailures.orNew(failures);
				failures.unavailable(replica);
			}
			catch (SQLException ex) {
				failures = RouteFailures.orNew(failures);
				failures.failed(replica, ex);
			}
		}
		failures = RouteFailures.orNew(failures);
		failures.notCandidates(this.readers.all(), candidates);
		return fallBack(route, failures);
	}

	private Routed fallBack(Route route, RouteFailures failures) throws SQLException {
		if (!this.fallbackToPrimary) {
			throw failures.noRoute("replica-routing.fallback-to-primary is false");
		}
		// The budget is touched there only: a read that a replica serves never sees it.
		return this.writers.fallBack(route, failures, this.fallbackBudget);
	}

	@Nullable FallbackBudget fallbackBudget() {
		return this.fallbackBudget;
	}

	/**
	 * Replicas may serve but none is proved within the code's {@code @MaxStaleness}: the primary
	 * is, unless fallback is off.
	 */
	private Routed tooStale(Route route, Destination destination, List<GuardedTarget> candidates,
			RoutingContext context) throws SQLException {
		if (!this.fallbackToPrimary) {
			throw RouteFailures.tooStale(this.readers.replicas(), candidates, this.readYourWrites.millis(),
					destination.maxStalenessMillis(), context.method());
		}
		return onPrimary(route, RoutingReason.MAX_STALENESS);
	}

	/**
	 * The listeners to tell what routing chose, once the logical connection holds the physical
	 * one, and when the work ends.
	 */
	RoutingListeners listeners() {
		return this.listeners;
	}

	/** What records the positions that committed writes and causal reads leave. */
	ConsistencyRecorder recorder() {
		return this.recorder;
	}

	/**
	 * The name of the target the current thread's work would be routed to first, by the same
	 * rules as {@link #route} on what the current transaction says: the primary for what must
	 * go there, else a replica whose health lets it serve and that shows what the read needs (for
	 * a causal read, one whose probes saw the position: there is no connection to confirm it on)
	 * within the code's {@code @MaxStaleness}, else the primary when fallback allows it.
	 * @throws IllegalStateException when no replica may serve the read and fallback is off
	 */
	@Override
	protected Object determineCurrentLookupKey() {
		Destination destination = decide(RoutingContext.current(),
				TransactionSynchronizationManager.isActualTransactionActive(),
				TransactionSynchronizationManager.isCurrentTransactionReadOnly(), null);
		if (!destination.route().toReplica()) {
			return writer().name();
		}
		List<GuardedTarget> candidates = this.readers.known(destination);
		if (!candidates.isEmpty()) {
			return candidates.get(this.readers.select(candidates)).name();
		}
		if (this.fallbackToPrimary || destination.freshness() != Freshness.ANY) {
			return writer().name();
		}
		throw new IllegalStateException("No replica may serve the read and replica-routing.fallback-to-primary is false");
	}

}
