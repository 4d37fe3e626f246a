package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

	private final RoutingTarget primary;

	private final List<RoutingTarget> replicas;

	private final ReplicaSelector selector;

	private final NonTransactionalReads nonTransactionalReads;

	private final boolean fallbackToPrimary;

	private final ReadYourWritesWindow readYourWrites;

	private final RoutingListener[] listeners;

	private volatile boolean started;

	Router(RoutingTarget primary, List<RoutingTarget> replicas, LoadBalancing loadBalancing,
			NonTransactionalReads nonTransactionalReads, boolean fallbackToPrimary,
			ReadYourWritesWindow readYourWrites, List<RoutingListener> listeners) {
		this.primary = primary;
		this.replicas = List.copyOf(replicas);
		this.selector = loadBalancing.createSelector();
		this.nonTransactionalReads = nonTransactionalReads;
		this.fallbackToPrimary = fallbackToPrimary;
		this.readYourWrites = readYourWrites;
		this.listeners = listeners.toArray(RoutingListener[]::new);
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
	 * @return the route
	 */
	Route decide(RoutingContext context, boolean transactional, boolean readOnly, @Nullable String firstSql) {
		if (context.force() == Force.PRIMARY) {
			return Route.PRIMARY_FORCED;
		}
		if (transactional && !readOnly && context.force() != Force.REPLICA) {
			return Route.PRIMARY_READ_WRITE;
		}
		boolean readOnlyRoute = transactional || context.force() == Force.REPLICA;
		boolean toReplica = readOnlyRoute || (this.started && this.nonTransactionalReads == NonTransactionalReads.REPLICA
				&& firstSql != null && !SqlStatements.isWrite(firstSql));
		if (!toReplica) {
			return Route.PRIMARY_NON_TRANSACTIONAL;
		}
		if (context.readYourWrites() && this.readYourWrites.mustReadPrimary()) {
			return Route.PRIMARY_READ_YOUR_WRITES;
		}
		return readOnlyRoute ? Route.REPLICA_READ_ONLY : Route.REPLICA_NON_TRANSACTIONAL;
	}

	/**
	 * Take a connection for {@code route}: from the primary, or from the replica the load
	 * balancer picks, then the other replicas, then the primary when fallback is allowed.
	 * @param route where the connection should go
	 * @param connection the logical connection, told which target serves it
	 * @return the physical connection
	 * @throws SQLException when no target could give one; for a replica route the message
	 * names every target tried and why
	 */
	Connection connect(Route route, RoutingConnection connection) throws SQLException {
		if (!route.toReplica()) {
			return open(this.primary, route.reason(), connection);
		}
		List<RoutingTarget> candidates = candidates();
		List<String> failures = null;
		int size = candidates.size();
		if (size > 0) {
			int first = this.selector.select(candidates);
			for (int i = 0; i < size; i++) {
				RoutingTarget replica = candidates.get((first + i) % size);
				ReplicaAvailability availability = replica.availability();
				if (!availability.tryAcquirePermission()) {
					failures = add(failures, replica.name() + ": " + availability.describe());
					continue;
				}
				long start = System.nanoTime();
				try {
					Connection physical = open(replica, route.reason(), connection);
					availability.onConnected(System.nanoTime() - start);
					return physical;
				}
				catch (SQLException ex) {
					availability.onConnectFailed(System.nanoTime() - start, ex);
					failures = add(failures, replica.name() + ": " + ex.getMessage());
					logger.warn(replica.name() + " - could not give a connection, trying the next target: "
							+ ex.getMessage());
				}
			}
		}
		if (size < this.replicas.size()) {
			for (RoutingTarget replica : this.replicas) {
				if (!candidates.contains(replica)) {
					failures = add(failures, replica.name() + ": " + replica.availability().describe());
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
			failures = add(failures, this.primary.name() + ": " + ex.getMessage());
			throw new NoRouteAvailableException(describe("the primary failed too", failures));
		}
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

	private static List<String> add(@Nullable List<String> failures, String failure) {
		List<String> list = (failures != null) ? failures : new ArrayList<>(4);
		list.add(failure);
		return list;
	}

	private Connection open(RoutingTarget target, RoutingReason reason, RoutingConnection connection)
			throws SQLException {
		Connection physical = target.connect();
		connection.routedTo(target);
		if (this.listeners.length > 0) {
			RoutingDecision decision = new RoutingDecision(target.name(), reason,
					TransactionSynchronizationManager.getCurrentTransactionName());
			for (RoutingListener listener : this.listeners) {
				listener.onRouted(decision);
			}
		}
		return physical;
	}

	private static String describe(String why, @Nullable List<String> failures) {
		String tried = (failures != null) ? String.join("; ", failures) : "no replica is configured";
		return "No target could serve the read (" + why + "). Tried: " + tried;
	}

	void recordWrite() {
		this.readYourWrites.recordWrite();
	}

	/**
	 * Routes a direct caller of this data source (one that bypasses the lazy layer) on what the
	 * current transaction says at the time of the call.
	 */
	@Override
	protected Object determineCurrentLookupKey() {
		Route route = decide(RoutingContext.current(), TransactionSynchronizationManager.isActualTransactionActive(),
				TransactionSynchronizationManager.isCurrentTransactionReadOnly(), null);
		List<RoutingTarget> candidates = route.toReplica() ? candidates() : List.of();
		if (candidates.isEmpty()) {
			return this.primary.name();
		}
		return candidates.get(this.selector.select(candidates)).name();
	}

}
