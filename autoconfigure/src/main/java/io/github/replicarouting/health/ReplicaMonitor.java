package io.github.replicarouting.health;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.ReplicationPositions;
import io.github.replicarouting.RoutingTarget;

/**
 * The health of the primary and of every replica of a {@link ReplicaRoutingDataSource}: creates
 * the primary's {@link PrimaryHealth}, each replica's circuit breaker
 * ({@code replica-routing.<name>}) and {@link ReplicaHealth}, hands them to the router, and runs
 * the probes. What health indicators, endpoints and metrics read.
 */
public final class ReplicaMonitor implements AutoCloseable {

	private final ReplicaRoutingDataSource dataSource;

	private final PrimaryHealth primary;

	private final Map<String, ReplicaHealth> replicas = new LinkedHashMap<>();

	private final ReplicaProber prober;

	private final CircuitBreakerRegistry breakers;

	/**
	 * Create a monitor.
	 * @param dataSource the routing data source whose replicas to watch
	 * @param breakers the registry to take breakers from: one configured for
	 * {@code replica-routing.<name>} wins, else the breaker is created with {@code defaults}
	 * @param defaults the breaker settings from {@code replica-routing.health.circuit-breaker}
	 * @param connections opens a probe's own connection to a target
	 * @param settings probe interval, timeout and maximum lag
	 * @param clock the clock lag is measured with
	 * @param positions reads the primary's log position, on the primary's probe connection
	 */
	public ReplicaMonitor(ReplicaRoutingDataSource dataSource, CircuitBreakerRegistry breakers,
			io.github.resilience4j.circuitbreaker.CircuitBreakerConfig defaults, ProbeConnections connections,
			Settings settings, Clock clock, ReplicationPositions positions) {
		this.dataSource = dataSource;
		this.breakers = breakers;
		RoutingTarget primaryTarget = dataSource.getPrimary();
		this.primary = new PrimaryHealth(primaryTarget);
		primaryTarget.availability(this.primary);
		List<ReplicaProber.ProbeTarget<ReplicaHealth>> targets = new java.util.ArrayList<>();
		for (RoutingTarget replica : dataSource.getReplicas()) {
			String name = "replica-routing." + replica.name();
			// An existing breaker of that name is returned as it is; else the application's
			// configuration for it wins over ours.
			CircuitBreaker breaker = breakers.circuitBreaker(name, breakers.getConfiguration(name).orElse(defaults));
			ReplicaHealth health = new ReplicaHealth(replica, breaker, settings.maxLag(),
					() -> connections.evictIdle(replica));
			replica.availability(health);
			this.replicas.put(replica.name(), health);
			targets.add(new ReplicaProber.ProbeTarget<>(health, () -> connections.open(replica)));
		}
		this.prober = new ReplicaProber(
				new ReplicaProber.ProbeTarget<>(this.primary, () -> connections.open(primaryTarget)), targets,
				settings.probeInterval(), settings.probeTimeout(), settings.maxLag(), clock, positions);
	}

	/**
	 * The data source watched.
	 * @return the routing data source
	 */
	public ReplicaRoutingDataSource dataSource() {
		return this.dataSource;
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
	 */
	public record Settings(Duration probeInterval, Duration probeTimeout, Duration maxLag) {

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
		 * @throws java.sql.SQLException when it cannot be reached
		 */
		java.sql.Connection open(RoutingTarget target) throws java.sql.SQLException;

		/**
		 * Drop {@code target}'s idle pooled connections, and its busy ones as they come back.
		 * @param target the target
		 */
		void evictIdle(RoutingTarget target);

	}

}
