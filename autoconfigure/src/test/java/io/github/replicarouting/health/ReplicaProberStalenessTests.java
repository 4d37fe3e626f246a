package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.github.replicarouting.H2Targets;
import io.github.replicarouting.MutableClock;
import io.github.replicarouting.RoutingTarget;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staleness bound the probes give a replica, on the monitor's injected clock: unknown until a
 * probe answers, then the probe's age on top of what it found. H2 has neither positions nor lag,
 * and is taken at its word as never behind, as for its state.
 */
class ReplicaProberStalenessTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1");

	private final MutableClock clock = new MutableClock();

	private ReplicaMonitor monitor;

	@AfterEach
	void close() {
		if (this.monitor != null) {
			this.monitor.close();
		}
	}

	@Test
	void stalenessShouldBeUnknownBeforeTheFirstProbeThenGrowWithTheProbesAge() {
		this.monitor = new ReplicaMonitor(target("primary"), List.of(target("replica-1")),
				CircuitBreakerRegistry.ofDefaults(), CircuitBreakerConfig.ofDefaults(), new DriverManagerConnections(),
				new ReplicaMonitor.Settings(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5)),
				this.clock, new DetectingReplicationPositions(false), List.of());
		ReplicaHealth replica = this.monitor.replica("replica-1").orElseThrow();
		assertThat(replica.stalenessMillis(this.clock.millis())).isEqualTo(Long.MAX_VALUE);

		this.monitor.probeNow();

		assertThat(replica.stalenessMillis(this.clock.millis())).isZero();
		this.clock.advance(Duration.ofMillis(1500));
		assertThat(replica.stalenessMillis(this.clock.millis())).isEqualTo(1500);
	}

	private RoutingTarget target(String name) {
		String url = this.databases.url(name);
		return new RoutingTarget(name, new DriverManagerDataSource(url, "sa", ""), url, 1);
	}

	private final class DriverManagerConnections implements ReplicaMonitor.ProbeConnections {

		@Override
		public Connection open(RoutingTarget target) throws SQLException {
			return DriverManager.getConnection(target.url(), "sa", "");
		}

		@Override
		public void evictIdle(RoutingTarget target) {
		}

	}

}
