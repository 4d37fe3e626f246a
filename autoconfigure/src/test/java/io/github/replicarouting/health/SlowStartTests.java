package io.github.replicarouting.health;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.replicarouting.H2Targets;
import io.github.replicarouting.LoadBalancing;
import io.github.replicarouting.MutableClock;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingTarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A replica back in rotation ramps its share of reads up linearly over the slow start, driven by
 * an injected clock: whether it came back from an ejection, an open breaker or lag, and as the
 * reads routed over two replicas show it, second by second.
 */
class SlowStartTests {

	private static final ReplicaProbeResult READ_ONLY = new ReplicaProbeResult(true, null, null);

	private static final Duration SLOW_START = Duration.ofSeconds(10);

	private final MutableClock clock = new MutableClock();

	@Test
	void firstAdmissionShouldTakeAFullShare() {
		ReplicaHealth health = health(new RoutingTarget("replica-1", new SimpleDriverDataSource(), "jdbc:h2:mem:x", 1));
		health.probeAnswered(READ_ONLY, 0, 0);
		assertThat(health.share()).isEqualTo(1);
	}

	@Test
	void readmittedReplicaShouldRampItsShareLinearly() {
		ReplicaHealth health = upReplica("replica-1");
		health.eject();
		this.clock.advance(Duration.ofSeconds(60));
		health.readmit();
		List<Double> shares = new ArrayList<>();
		for (int second = 0; second <= 11; second++) {
			shares.add(health.share());
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(shares).containsExactly(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.0);
	}

	@Test
	void replicaBackFromAnOpenBreakerShouldRamp() {
		ReplicaHealth health = upReplica("replica-1");
		health.probeFailed(new SQLTransientConnectionException("Connection refused", "08001"));
		this.clock.advance(Duration.ofSeconds(11));
		health.probeAnswered(READ_ONLY, 0, 0);
		health.probeAnswered(READ_ONLY, 0, 0);
		health.probeAnswered(READ_ONLY, 0, 0);
		assertThat(health.state()).isEqualTo(ReplicaState.UP);
		assertThat(health.share()).isZero();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(health.share()).isEqualTo(0.5);
	}

	@Test
	void replicaThatCaughtUpShouldRamp() {
		ReplicaHealth health = upReplica("replica-1");
		health.probeAnswered(READ_ONLY, 8000, 100);
		assertThat(health.state()).isEqualTo(ReplicaState.LAGGING);
		this.clock.advance(Duration.ofSeconds(3));
		health.probeAnswered(READ_ONLY, 100, 1);
		assertThat(health.state()).isEqualTo(ReplicaState.UP);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(health.share()).isEqualTo(0.2);
	}

	@Test
	void readsOnAReadmittedReplicaShouldRiseSecondBySecondNotInOneStep() {
		H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");
		Map<String, ReplicaHealth> replicas = Map.of("replica-1", upReplica("replica-1"), "replica-2",
				upReplica("replica-2"));
		ReplicaRoutingDataSource dataSource = ReplicaRoutingDataSource.builder(target(databases, "primary"))
			.replica(target(databases, "replica-1"))
			.replica(target(databases, "replica-2"))
			.loadBalancing(LoadBalancing.ROUND_ROBIN)
			.clock(this.clock)
			.health((target) -> target.name().equals("primary") ? new PrimaryHealth(target, () -> {
					})
					: replicas.get(target.name()))
			.build();
		replicas.get("replica-2").eject();
		replicas.get("replica-2").readmit();
		List<Integer> perSecond = new ArrayList<>();
		for (int second = 0; second < 12; second++) {
			perSecond.add(readsOn("replica-2", dataSource, 400));
			this.clock.advance(Duration.ofSeconds(1));
		}
		System.out.println("Reads on replica-2 of 400 per second after its readmission: " + perSecond);
		// Round robin gives each replica 200 of 400: second n of the ramp gives replica-2 n/10 of it.
		for (int second = 0; second < 12; second++) {
			double expected = 200 * Math.min(1, second / 10.0);
			// Binomial(200, p): 5 standard deviations at most 36.
			assertThat((double) perSecond.get(second)).as("reads on replica-2 in second %d of %s", second, perSecond)
				.isCloseTo(expected, within(36.0));
		}
		assertThat(perSecond.get(0)).isZero();
		assertThat(perSecond.get(2)).isLessThan(perSecond.get(5));
		assertThat(perSecond.get(5)).isLessThan(perSecond.get(8));
	}

	private int readsOn(String replica, ReplicaRoutingDataSource dataSource, int reads) {
		TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		readOnly.setReadOnly(true);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		int on = 0;
		for (int i = 0; i < reads; i++) {
			String where = readOnly.execute((status) -> jdbc.queryForObject("select name from whoami", String.class));
			on += replica.equals(where) ? 1 : 0;
		}
		return on;
	}

	private ReplicaHealth upReplica(String name) {
		ReplicaHealth health = health(new RoutingTarget(name, new SimpleDriverDataSource(), "jdbc:h2:mem:x", 1));
		health.probeAnswered(READ_ONLY, 0, 0);
		return health;
	}

	private static RoutingTarget target(H2Targets databases, String name) {
		String url = databases.url(name);
		return new RoutingTarget(name, new DriverManagerDataSource(url, "sa", ""), url, 1);
	}

	private ReplicaHealth health(RoutingTarget target) {
		CircuitBreaker breaker = CircuitBreaker.of("replica-routing." + target.name(),
				CircuitBreakerConfig.custom()
					.clock(this.clock)
					.waitDurationInOpenState(Duration.ofSeconds(10))
					.permittedNumberOfCallsInHalfOpenState(2)
					.build());
		return new ReplicaHealth(target, breaker, Duration.ofSeconds(5), () -> {
		}, this.clock, SLOW_START);
	}

}
