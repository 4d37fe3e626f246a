package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.github.replicarouting.RoutingContext.Force;

/**
 * The routing data source proper: an {@link AbstractRoutingDataSource} whose keys are the target
 * names. It decides where a connection goes ({@link #decide}) and takes it from that target,
 * trying the next replica and then the primary when a replica cannot give one ({@link #connect}).
 * Applications reach it through {@link ReplicaRoutingDataSource}, which defers the decision to the
 * first statement.
 */
final class Router extends AbstractRoutingDataSource {

	private static final Log logger = LogFactory.getLog(Router.class);

	private static final long MIN_POSITION_POLL_NANOS = 1_000_000;

	private static final long MAX_POSITION_POLL_NANOS = 8_000_000;

	private final RoutingTarget primary;

	private final List<RoutingTarget> replicas;

	private final ReplicaSelector selector;

	private final NonTransactionalReads nonTransactionalReads;

	private final boolean fallbackToPrimary;

	private final ReadYourWritesPolicy readYourWrites;

	private final RoutingListener[] listeners;

	private final ListenerFailures listenerFailures;

	private volatile boolean started;

	Router(RoutingTarget primary, List<RoutingTarget> replicas, LoadBalancing loadBalancing,
			NonTransactionalReads nonTransactionalReads, boolean fallbackToPrimary, ReadYourWritesPolicy readYourWrites,
			List<RoutingListener> listeners, Clock clock) {
		this.primary = primary;
		this.replicas = List.copyOf(replicas);
		this.selector = loadBalancing.createSelector();
		this.nonTransactionalReads = nonTransactionalReads;
		this.fallbackToPrimary = fallbackToPrimary;
		this.readYourWrites = readYourWrites;
		this.listeners = listeners.toArray(RoutingListener[]::new);
		this.listenerFailures = new ListenerFailures(clock);
		Map<Object, Object> byName = new LinkedHashMap<>();
		byName.put(primary.name(), primary.dataSource());
		replicas.forEach((replica) -> byName.put(replica.name(), replica.dataSource()));
		setTargetDataSources(byName);
		setLenientFallback(false);
		afterPropertiesSet();
	}

	RoutingTarget primary() {
		return this.primary;
	}

	List<RoutingTarget> replicas() {
		return this.replicas;
	}

	/**
	 * From now on, non-transactional work may go to replicas. Until then (while the application
	 * context starts) it all goes to the primary, so that schema migrations and initialization
	 * scripts never touch a replica.
	 */
	void start() {
		this.started = true;
	}

	/**
	 * Where a connection should go.
	 * @param context what the code asked for when the transaction started
	 * @param transactional whether the connection serves a transaction
	 * @param readOnly whether that transaction is read-only
	 * @param firstSql the first statement, or {@code null} when the route is needed for
	 * something else
	 * @return the route, and for a read that must see its scope's writes what it needs
	 */
	Decision decide(RoutingContext context, boolean transactional, boolean readOnly, @Nullable String firstSql) {
		if (context.force() == Force.PRIMARY) {
			return Decision.of(Route.PRIMARY_FORCED);
		}
		if (transactional && !readOnly && context.force() != Force.REPLICA) {
			return Decision.of(Route.PRIMARY_READ_WRITE);
		}
		boolean readOnlyRoute = transactional || context.force() == Force.REPLICA;
		boolean toReplica = readOnlyRoute || (this.started && this.nonTransactionalReads == NonTransactionalReads.REPLICA
				&& firstSql != null && !SqlStatements.needsPrimary(firstSql));
		if (!toReplica) {
			return Decision.of(Route.PRIMARY_NON_TRANSACTIONAL);
		}
		if (context.readYourWrites()) {
			// A repository read asked for nothing: with no scope, it has no writes of its own to see.
			return this.readYourWrites.decide(this.primary, !context.repositoryRead());
		}
		return Decision.of(readOnlyRoute ? Route.REPLICA_READ_ONLY : Route.REPLICA_NON_TRANSACTIONAL);
	}

	/**
	 * Take a connection for {@code decision}: from the primary, or from the replica the load
	 * balancer picks, then the other replicas, then the primary when fallback is allowed.
	 * @param decision where the connection should go
	 * @param connection the logical connection, told which target serves it and why
	 * @return the physical connection
	 * @throws SQLException when no target could give one; for a replica route the message
	 * names every target tried and why
	 */
	Connection connect(Decision decision, RoutingConnection connection) throws SQLException {
		Route route = decision.route();
		if (!route.toReplica()) {
			return open(this.primary, route.reason(), connection);
		}
		if (decision.position() >= 0) {
			Connection caughtUp = connectCaughtUp(decision.position(), connection);
			return (caughtUp != null) ? caughtUp : open(this.primary, route.reason(), connection);
		}
		List<RoutingTarget> candidates = candidates(decision);
		if (candidates.isEmpty() && decision.isStalenessBounded()) {
			// No replica is known to have the scope's writes: the primary has them.
			return open(this.primary, route.reason(), connection);
		}
		List<String> failures = null;
		int size = candidates.size();
		if (size > 0) {
			int first = this.selector.select(candidates);
			for (int i = 0; i < size; i++) {
				RoutingTarget replica = candidates.get((first + i) % size);
				try {
					Connection physical = take(replica);
					if (physical != null) {
						return routed(replica, route.reason(), physical, connection);
					}
					failures = add(failures, unavailable(replica));
				}
				catch (SQLException ex) {
					failures = add(failures, replica.name() + ": " + JdbcUrls.reduceWithin(ex.getMessage()));
					logger.warn(replica.name() + " - could not give a connection, trying the next target: "
							+ JdbcUrls.reduceWithin(ex.getMessage()));
				}
			}
		}
		if (size < this.replicas.size()) {
			for (RoutingTarget replica : this.replicas) {
				if (!candidates.contains(replica)) {
					failures = add(failures, replica.availability().isCandidate()
							? replica.name() + ": not known to have the scope's writes" : unavailable(replica));
				}
			}
		}
		if (!this.fallbackToPrimary) {
			throw new NoRouteAvailableException(describe("replica-routing.fallback-to-primary is false", failures));
		}
		try {
			return open(this.primary, RoutingReason.FALLBACK, connection);
		}
		catch (SQLException ex) {
			failures = add(failures, this.primary.name() + ": " + JdbcUrls.reduceWithin(ex.getMessage()));
			throw new NoRouteAvailableException(describe("the primary failed too", failures));
		}
	}

	/**
	 * A connection to a replica that has replayed up to {@code position}: one known to have from
	 * the probes, else the most advanced candidate once it confirms it on the connection, waiting
	 * for it up to {@code max-wait}. {@code null} when none can, and the read goes to the primary.
	 */
	private @Nullable Connection connectCaughtUp(long position, RoutingConnection connection) {
		List<RoutingTarget> candidates = candidates();
		int size = candidates.size();
		if (size == 0) {
			return null;
		}
		// The load balancer's pick, unless another replica is already known to have the write.
		int first = this.selector.select(candidates);
		RoutingTarget best = candidates.get(first);
		for (int i = 0; i < size; i++) {
			RoutingTarget replica = candidates.get((first + i) % size);
			if (replica.replayedPosition() >= position) {
				best = replica;
				break;
			}
		}
		Connection physical;
		try {
			physical = take(best);
		}
		catch (SQLException ex) {
			logger.debug(best.name() + " - could not give a connection for a causal read: "
					+ JdbcUrls.reduceWithin(ex.getMessage()));
			return null;
		}
		if (physical == null) {
			return null;
		}
		boolean caughtUp = false;
		try {
			caughtUp = best.replayedPosition() >= position || awaitReplayed(best, physical, position);
		}
		catch (SQLException ex) {
			logger.debug(best.name() + " - could not confirm its replayed position: "
					+ JdbcUrls.reduceWithin(ex.getMessage()));
		}
		if (caughtUp) {
			return routed(best, RoutingReason.READ_YOUR_WRITES, physical, connection);
		}
		try {
			best.release(physical);
		}
		catch (SQLException ex) {
			// Going back to the pool; nothing was done on it.
		}
		return null;
	}

	private static String unavailable(RoutingTarget replica) {
		return replica.name() + ": " + replica.availability().describe();
	}

	private boolean awaitReplayed(RoutingTarget replica, Connection physical, long position) throws SQLException {
		ReplicationPositions positions = this.readYourWrites.positions();
		long deadline = System.nanoTime() + this.readYourWrites.maxWaitNanos();
		long pause = MIN_POSITION_POLL_NANOS;
		while (true) {
			long replayed = positions.replayedPosition(physical);
			replica.recordReplayedPosition(replayed);
			if (replayed >= position) {
				return true;
			}
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return false;
			}
			LockSupport.parkNanos(Math.min(remaining, pause));
			pause = Math.min(pause * 2, MAX_POSITION_POLL_NANOS);
		}
	}

	/**
	 * The replicas that may serve {@code decision}: the candidates, and of those, for a read that
	 * must be no staler than a bound, the ones whose health checks prove they are within it.
	 */
	private List<RoutingTarget> candidates(Decision decision) {
		List<RoutingTarget> candidates = candidates();
		if (!decision.isStalenessBounded()) {
			return candidates;
		}
		long now = this.readYourWrites.nowMillis();
		List<RoutingTarget> fresh = new ArrayList<>(candidates.size());
		for (RoutingTarget replica : candidates) {
			if (replica.availability().stalenessMillis(now) <= decision.maxStalenessMillis()) {
				fresh.add(replica);
			}
		}
		return fresh;
	}

	/**
	 * The replicas that may serve a read now; the configured list itself when all may, so that
	 * the common case allocates nothing.
	 */
	List<RoutingTarget> candidates() {
		List<RoutingTarget> all = this.replicas;
		for (int i = 0; i < all.size(); i++) {
			if (!all.get(i).availability().isCandidate()) {
				List<RoutingTarget> some = new ArrayList<>(all.size());
				for (RoutingTarget replica : all) {
					if (replica.availability().isCandidate()) {
						some.add(replica);
					}
				}
				return some;
			}
		}
		return all;
	}

	/**
	 * A connection from {@code replica} (or the primary) if its health lets one be taken, telling
	 * its health how the attempt went; {@code null} when it does not.
	 */
	private static @Nullable Connection take(RoutingTarget replica) throws SQLException {
		ReplicaAvailability availability = replica.availability();
		if (!availability.tryAcquirePermission()) {
			return null;
		}
		long start = System.nanoTime();
		try {
			Connection physical = replica.connect();
			availability.onConnected(System.nanoTime() - start);
			return physical;
		}
		catch (SQLException ex) {
			availability.onConnectFailed(System.nanoTime() - start, ex);
			throw ex;
		}
	}

	private static List<String> add(@Nullable List<String> failures, String failure) {
		List<String> list = (failures != null) ? failures : new ArrayList<>(4);
		list.add(failure);
		return list;
	}

	/**
	 * A connection from the primary, unless its health knows it is down: then nothing waits for
	 * the pool's connection timeout, and the caller gets at once an exception naming it.
	 */
	private Connection open(RoutingTarget target, RoutingReason reason, RoutingConnection connection)
			throws SQLException {
		Connection physical = take(target);
		if (physical == null) {
			// SQLState class 08 on a transient connection exception: Spring makes it a
			// TransientDataAccessResourceException, which retry libraries retry.
			throw new SQLTransientConnectionException(target.name() + " (" + target.url() + ") is "
					+ target.availability().describe() + ": failing at once instead of waiting for a connection; "
					+ "it is used again as soon as its probe reaches it", "08001");
		}
		return routed(target, reason, physical, connection);
	}

	private static Connection routed(RoutingTarget target, RoutingReason reason, Connection physical,
			RoutingConnection connection) {
		connection.routedTo(target, reason);
		return physical;
	}

	/**
	 * Tell every listener where a connection went. Called once the logical connection holds the
	 * physical one; a listener that throws is logged and skipped, so that user code can neither
	 * fail the work nor cost a pooled connection.
	 * @param target the target that serves the connection
	 * @param reason why it was chosen
	 */
	void tellListeners(RoutingTarget target, RoutingReason reason) {
		if (this.listeners.length == 0) {
			return;
		}
		RoutingDecision decision = new RoutingDecision(target.name(), reason,
				TransactionSynchronizationManager.getCurrentTransactionName());
		for (RoutingListener listener : this.listeners) {
			try {
				listener.onRouted(decision);
			}
			catch (RuntimeException ex) {
				this.listenerFailures.failed(listener, decision, ex);
			}
		}
	}

	private static String describe(String why, @Nullable List<String> failures) {
		String tried = (failures != null) ? String.join("; ", failures) : "no replica is configured";
		return "No target could serve the read (" + why + "). Tried: " + tried;
	}

	void afterWrite(Connection primary) {
		this.readYourWrites.afterWrite(primary);
	}

	/**
	 * Routes a direct caller of this data source (one that bypasses the lazy layer) on what the
	 * current transaction says at the time of the call.
	 */
	@Override
	protected Object determineCurrentLookupKey() {
		Decision decision = decide(RoutingContext.current(),
				TransactionSynchronizationManager.isActualTransactionActive(),
				TransactionSynchronizationManager.isCurrentTransactionReadOnly(), null);
		List<RoutingTarget> candidates = decision.route().toReplica() ? candidates(decision) : List.of();
		if (decision.position() >= 0) {
			// No connection to confirm a position on: only a replica the probes saw there will do.
			candidates = candidates.stream()
				.filter((replica) -> replica.replayedPosition() >= decision.position())
				.toList();
		}
		if (candidates.isEmpty()) {
			return this.primary.name();
		}
		return candidates.get(this.selector.select(candidates)).name();
	}

	/**
	 * A route and, for a read that must see its scope's writes on a replica, what that replica
	 * must show: the log position it must have replayed (-1 for none), or how stale it may be at
	 * most as its health checks know ({@link ReplicaAvailability#stalenessMillis(long)};
	 * {@link Long#MAX_VALUE} for no bound). The common routes are shared constants.
	 */
	record Decision(Route route, long position, long maxStalenessMillis) {

		private static final Decision[] COMMON = new Decision[Route.values().length];

		static {
			for (Route route : Route.values()) {
				COMMON[route.ordinal()] = new Decision(route, -1, Long.MAX_VALUE);
			}
		}

		static Decision of(Route route) {
			return COMMON[route.ordinal()];
		}

		/** A read on a replica that has replayed {@code position}. */
		static Decision atPosition(long position) {
			return new Decision(Route.REPLICA_READ_YOUR_WRITES, position, Long.MAX_VALUE);
		}

		/** A read on a replica no staler than {@code maxStalenessMillis}. */
		static Decision withinStaleness(long maxStalenessMillis) {
			return new Decision(Route.REPLICA_READ_YOUR_WRITES, -1, maxStalenessMillis);
		}

		boolean isStalenessBounded() {
			return this.maxStalenessMillis != Long.MAX_VALUE;
		}

	}

}
