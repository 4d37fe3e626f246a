package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

import io.github.replicarouting.FailoverMode;
import io.github.replicarouting.LostWrites;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.ReplicationPositions;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.TargetHealth;

/**
 * The health of the primary and of every replica: creates the primary's {@link PrimaryHealth},
 * each replica's circuit breaker ({@code replica-routing.<name>}) and {@link ReplicaHealth}, and
 * runs the probes. A {@link ReplicaRoutingDataSource} built over the same targets takes each
 * target's health from it ({@link ReplicaRoutingDataSource.Builder#health}, with
 * {@link #health(RoutingTarget)}); health indicators, endpoints and metrics read it.
 */
public final class ReplicaMonitor implements AutoCloseable {

	private final PrimaryHealth primary;

	private final Map<String, ReplicaHealth> replicas = new LinkedHashMap<>();

	private final ReplicaProber prober;

	private final CircuitBreakerRegistry breakers;

	private final @Nullable Failover failover;

	/** Whether {@code failover.lost-writes: exact} was found unsupported: warned about once. */
	private final AtomicBoolean warnedUnsupported = new AtomicBoolean();

	/**
	 * Create a monitor.
	 * @param primary the primary
	 * @param replicas the replicas, in configuration order
	 * @param breakers the registry to take breakers from: one configured for
	 * {@code replica-routing.<name>} wins, else the breaker is created with {@code defaults}
	 * @param defaults the breaker settings from {@code replica-routing.health.circuit-breaker}
	 * @param connections opens a probe's own connection to a target
	 * @param settings probe interval, timeout and maximum lag
	 * @param clock the clock lag and slow start are measured with
	 * @param positions reads the primary's log position, on the primary's probe connection
	 * @param dialects the application's replication dialects, tried before the built-in ones to
	 * probe a replica
	 */
	public ReplicaMonitor(RoutingTarget primary, List<RoutingTarget> replicas, CircuitBreakerRegistry breakers,
			CircuitBreakerConfig defaults, ProbeConnections connections, Settings settings, Clock clock,
			ReplicationPositions positions, List<ReplicationDialect> dialects) {
		this.breakers = breakers;
		ReplicationDialects known = new ReplicationDialects(dialects);
		this.primary = new PrimaryHealth(primary, () -> connections.evictIdle(primary), false,
				ledger(primary, settings, known, this.warnedUnsupported));
		List<ReplicaProber.ProbeTarget<ReplicaHealth>> targets = new ArrayList<>();
		for (RoutingTarget replica : replicas) {
			ReplicaHealth health = replicaHealth(replica, defaults, connections, settings, clock);
			this.replicas.put(replica.name(), health);
			targets.add(new ReplicaProber.ProbeTarget<>(health, () -> connections.open(replica)));
		}
		this.failover = (settings.failoverMode() == FailoverMode.FOLLOW)
				? failover(primary, replicas, defaults, connections, settings, clock, targets, known) : null;
		this.prober = new ReplicaProber(new ReplicaProber.ProbeTarget<>(this.primary, () -> connections.open(primary)),
				targets, settings.probeInterval(), settings.probeTimeout(), settings.maxLag(), clock, positions, known,
				this.failover);
	}

	/** Where a node keeps the identities of the writes it acknowledged, when failovers count them. */
	private static @Nullable WriteLedger ledger(RoutingTarget node, Settings settings, ReplicationDialects dialects,
			AtomicBoolean warnedUnsupported) {
		return (settings.failoverMode() == FailoverMode.FOLLOW && settings.lostWrites() == LostWrites.EXACT)
				? new WriteLedger(node.name(), dialects, WriteLedger.CAPACITY, warnedUnsupported) : null;
	}

	private ReplicaHealth replicaHealth(RoutingTarget replica, CircuitBreakerConfig defaults,
			ProbeConnections connections, Settings settings, Clock clock) {
		String name = "replica-routing." + replica.name();
		// An existing breaker of that name is returned as it is; else the application's
		// configuration for it wins over ours.
		CircuitBreaker breaker = this.breakers.circuitBreaker(name,
				this.breakers.getConfiguration(name).orElse(defaults));
		return new ReplicaHealth(replica, breaker, settings.maxLag(), () -> connections.evictIdle(replica), clock,
				settings.slowStart());
	}

	/**
	 * Follow mode: every node has a health as a writer and as a reader; the primary's health as
	 * a reader is probed on a connection of its own, added to {@code targets}.
	 */
	private Failover failover(RoutingTarget primary, List<RoutingTarget> replicas, CircuitBreakerConfig defaults,
			ProbeConnections connections, Settings settings, Clock clock,
			List<ReplicaProber.ProbeTarget<ReplicaHealth>> targets, ReplicationDialects dialects) {
		Map<String, PrimaryHealth> writers = new LinkedHashMap<>();
		Map<String, ReplicaProber.ConnectionFactory> nodes = new LinkedHashMap<>();
		writers.put(primary.name(), this.primary);
		nodes.put(primary.name(), () -> connections.open(primary));
		for (RoutingTarget replica : replicas) {
			writers.put(replica.name(), new PrimaryHealth(replica, () -> connections.evictIdle(replica), true,
					ledger(replica, settings, dialects, this.warnedUnsupported)));
			nodes.put(replica.name(), () -> connections.open(replica));
		}
		Map<String, ReplicaHealth> readers = new LinkedHashMap<>(this.replicas);
		ReplicaHealth primaryAsReader = replicaHealth(primary, defaults, connections, settings, clock);
		readers.put(primary.name(), primaryAsReader);
		readers.values().forEach(ReplicaHealth::mayTakeWrites);
		targets.add(new ReplicaProber.ProbeTarget<>(primaryAsReader, () -> connections.open(primary)));
		return new Failover(writers, readers, settings.confirmations(), clock,
				(this.primary.ledger() != null) ? nodes : Map.of(), ReplicaProber.secondsOf(settings.probeTimeout()));
	}

	/**
	 * The health of {@code target}, for a routing data source built over the targets watched
	 * here: {@code ReplicaRoutingDataSource.builder(primary).replica(...).health(monitor::health)}.
	 * @param target the primary or one of the replicas this monitor was created with
	 * @return its health
	 * @throws IllegalArgumentException when this monitor does not watch {@code target}
	 */
	public TargetHealth health(RoutingTarget target) {
		if (target == this.primary.target()) {
			return this.primary;
		}
		ReplicaHealth replica = this.replicas.get(target.name());
		if (replica == null || replica.target() != target) {
			throw new IllegalArgumentException(target + " is not watched by this monitor");
		}
		return replica;
	}

	/**
	 * The registry the replicas' circuit breakers are in.
	 * @return the registry
	 */
	public CircuitBreakerRegistry breakerRegistry() {
		return this.breakers;
	}

	/**
	 * The primary's health, as its own probe found it.
	 * @return the primary's health
	 */
	public PrimaryHealth primary() {
		return this.primary;
	}

	/**
	 * Every replica's health, in configuration order.
	 * @return the replicas' health
	 */
	public List<ReplicaHealth> replicas() {
		return List.copyOf(this.replicas.values());
	}

	/**
	 * One replica's health.
	 * @param name the replica's name
	 * @return its health, or empty when no replica has that name
	 */
	public Optional<ReplicaHealth> replica(String name) {
		return Optional.ofNullable(this.replicas.get(name));
	}

	/**
	 * Which node takes writes, in {@code failover.mode: follow}.
	 * @return the failover, or empty in {@code failover.mode: none}
	 */
	public Optional<Failover> failover() {
		return Optional.ofNullable(this.failover);
	}

	/**
	 * The health of the node writes go to now: the primary's, or in follow mode that of the node
	 * the failover chose.
	 * @return its health as a writer
	 */
	public PrimaryHealth writer() {
		return (this.failover != null) ? this.failover.currentWriter() : this.primary;
	}

	/**
	 * Hold every replica out of rotation until it has replayed {@code position}, the primary's
	 * log position after the schema migrations that ran at startup: until then it is
	 * {@code LAGGING}, and says why.
	 * @param position the primary's position after the migrations
	 */
	public void migrationBarrier(long position) {
		this.replicas.values().forEach((replica) -> replica.migrationBarrier(position));
	}

	/**
	 * Probe every target once, then every probe interval.
	 */
	public void start() {
		this.prober.start();
	}

	/**
	 * Run one probe round now and wait for it.
	 */
	public void probeNow() {
		this.prober.probeNow();
	}

	@Override
	public void close() {
		this.prober.close();
	}

	/**
	 * How the probes run.
	 *
	 * @param probeInterval time between probe rounds
	 * @param probeTimeout how long a probe may take
	 * @param maxLag lag beyond which a replica leaves the rotation
	 * @param failoverMode whether writes follow a promoted node
	 * @param confirmations in follow mode, probe rounds in a row that must find one node the only
	 * writable one before writes move there
	 * @param slowStart how long a replica back in rotation takes to ramp up to its full share of
	 * reads; zero for at once
	 * @param lostWrites in follow mode, how a failover counts the acknowledged writes the new
	 * primary lacks
	 */
	public record Settings(Duration probeInterval, Duration probeTimeout, Duration maxLag, FailoverMode failoverMode,
			int confirmations, Duration slowStart, LostWrites lostWrites) {

		/**
		 * Settings whose failovers report bounds of the writes lost.
		 * @param probeInterval time between probe rounds
		 * @param probeTimeout how long a probe may take
		 * @param maxLag lag beyond which a replica leaves the rotation
		 * @param failoverMode whether writes follow a promoted node
		 * @param confirmations in follow mode, probe rounds in a row that must find one node the
		 * only writable one before writes move there
		 * @param slowStart how long a replica back in rotation takes to ramp up; zero for at once
		 */
		public Settings(Duration probeInterval, Duration probeTimeout, Duration maxLag, FailoverMode failoverMode,
				int confirmations, Duration slowStart) {
			this(probeInterval, probeTimeout, maxLag, failoverMode, confirmations, slowStart, LostWrites.BOUNDS);
		}

		/**
		 * Settings without failover ({@code failover.mode: none}) and without slow start.
		 * @param probeInterval time between probe rounds
		 * @param probeTimeout how long a probe may take
		 * @param maxLag lag beyond which a replica leaves the rotation
		 */
		public Settings(Duration probeInterval, Duration probeTimeout, Duration maxLag) {
			this(probeInterval, probeTimeout, maxLag, FailoverMode.NONE, 2, Duration.ZERO);
		}

	}

	/**
	 * Opens probe connections and drops pooled ones, for targets whose pools this library does
	 * not know.
	 */
	public interface ProbeConnections {

		/**
		 * Open a connection to {@code target} outside its pool.
		 * @param target the target
		 * @return a new connection
		 * @throws SQLException when it cannot be reached
		 */
		Connection open(RoutingTarget target) throws SQLException;

		/**
		 * Drop {@code target}'s idle pooled connections, and its busy ones as they come back.
		 * @param target the target
		 */
		void evictIdle(RoutingTarget target);

	}

}
