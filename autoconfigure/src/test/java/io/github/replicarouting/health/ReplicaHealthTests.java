package io.github.replicarouting.health;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;

import io.github.replicarouting.MutableClock;
import io.github.replicarouting.RoutingTarget;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breaker, lag hysteresis and role checks of one replica, driven through an injected clock.
 */
class ReplicaHealthTests {

	private static final ReplicaProbeResult READ_ONLY = new ReplicaProbeResult(true, null, null);

	private final MutableClock clock = new MutableClock();

	private final AtomicInteger evictions = new AtomicInteger();

	private final ReplicaHealth health = new ReplicaHealth(
			new RoutingTarget("replica-1", new org.springframework.jdbc.datasource.SimpleDriverDataSource(),
					"jdbc:h2:mem:x", 1),
			CircuitBreaker.of("replica-routing.replica-1",
					CircuitBreakerConfig.custom()
						.clock(this.clock)
						.slidingWindowSize(10)
						.minimumNumberOfCalls(4)
						.failureRateThreshold(50)
						.waitDurationInOpenState(Duration.ofSeconds(10))
						.permittedNumberOfCallsInHalfOpenState(2)
						.recordException(ConnectionFailures::isConnectionFailure)
						.build()),
			Duration.ofSeconds(5), this.evictions::incrementAndGet);

	@Test
	void whenNotProbedYetShouldNotServe() {
		assertThat(this.health.state()).isEqualTo(ReplicaState.CIRCUIT_OPEN);
		assertThat(this.health.isCandidate()).isFalse();
	}

	@Test
	void whenProbeAnswersShouldServe() {
		this.health.probeAnswered(READ_ONLY, 0, 0);
		assertThat(this.health.state()).isEqualTo(ReplicaState.UP);
		assertThat(this.health.isCandidate()).isTrue();
	}

	@Test
	void untilItHasReplayedTheMigrationOfStartupShouldBeLaggingAndSayWhy() {
		this.health.migrationBarrier(500);
		this.health.positionProbed(400);
		this.health.probeAnswered(READ_ONLY, 0, 0);
		assertThat(this.health.state()).isEqualTo(ReplicaState.LAGGING);
		assertThat(this.health.describe())
			.isEqualTo("LAGGING (has not replayed the schema migration of startup yet: at 400 of 500)");
		assertThat(this.health.migrationBarrier()).isEqualTo(500);
		this.health.positionProbed(500);
		assertThat(this.health.state()).isEqualTo(ReplicaState.UP);
		assertThat(this.health.migrationBarrier()).isEqualTo(-1);
		// Once passed, the barrier is gone for good.
		this.health.positionProbed(450);
		assertThat(this.health.isCandidate()).isTrue();
	}

	@Test
	void whenProbeCannotConnectShouldOpenAtOnceAndEvictIdleConnections() {
		this.health.probeAnswered(READ_ONLY, 0, 0);
		this.health.probeFailed(new SQLTransientConnectionException("Connection refused", "08001"));
		assertThat(this.health.state()).isEqualTo(ReplicaState.CIRCUIT_OPEN);
		assertThat(this.health.isCandidate()).isFalse();
		assertThat(this.health.tryAcquirePermission()).isFalse();
		assertThat(this.evictions).hasValue(1);
	}

	@Test
	void whenOpenShouldBeReadmittedByProbesAfterTheWait() {
		this.health.probeAnswered(READ_ONLY, 0, 0);
		this.health.probeFailed(new SQLTransientConnectionException("Connection refused", "08001"));
		this.clock.advance(Duration.ofSeconds(9));
		this.health.probeAnswered(READ_ONLY, 0, 0);
		assertThat(this.health.state()).isEqualTo(ReplicaState.CIRCUIT_OPEN);
		this.clock.advance(Duration.ofMillis(1001));
		this.health.probeAnswered(READ_ONLY, 0, 0);
		assertThat(this.health.state()).isEqualTo(ReplicaState.CIRCUIT_HALF_OPEN);
		this.health.probeAnswered(READ_ONLY, 0, 0);
		assertThat(this.health.state()).isEqualTo(ReplicaState.UP);
	}

	@Test
	void whenProbeFailsWhileHalfOpenShouldOpenAgain() {
		this.health.probeAnswered(READ_ONLY, 0, 0);
		this.health.probeFailed(new SQLTransientConnectionException("Connection refused", "08001"));
		this.clock.advance(Duration.ofMillis(10_001));
		this.health.probeAnswered(READ_ONLY, 0, 0);
		assertThat(this.health.state()).isEqualTo(ReplicaState.CIRCUIT_HALF_OPEN);
		this.health.probeFailed(new SQLTransientConnectionException("Connection refused", "08001"));
		assertThat(this.health.state()).isEqualTo(ReplicaState.CIRCUIT_OPEN);
	}

	@Test
	void connectionFailuresOfTrafficShouldOpenTheBreaker() {
		this.health.probeAnswered(READ_ONLY, 0, 0);
		// With the probe's success, three failures make 4 calls (the minimum) at 75%.
		for (int i = 0; i < 3; i++) {
			assertThat(this.health.state()).isEqualTo(ReplicaState.UP);
			assertThat(this.health.tryAcquirePermission()).isTrue();
			this.health.onConnectFailed(1000, new SQLTransientConnectionException("timed out", "08001"));
		}
		assertThat(this.health.state()).isEqualTo(ReplicaState.CIRCUIT_OPEN);
		assertThat(this.health.tryAcquirePermission()).isFalse();
	}

	@Test
	void applicationSqlErrorsShouldNeverOpenTheBreaker() {
		this.health.probeAnswered(READ_ONLY, 0, 0);
		for (int i = 0; i < 20; i++) {
			assertThat(this.health.tryAcquirePermission()).isTrue();
			this.health.onConnectFailed(1000, new SQLException("syntax error", "42601"));
		}
		assertThat(this.health.state()).isEqualTo(ReplicaState.UP);
	}

	@Test
	void whenProbeCannotReadTheStatusShouldNotCountAsHealthy() {
		this.health.probeAnswered(READ_ONLY, 0, 0);
		this.health.probeFailed(new SQLException("permission denied for function", "42501"));
		assertThat(this.health.state()).isEqualTo(ReplicaState.LAGGING);
		assertThat(this.health.isCandidate()).isFalse();
		assertThat(this.health.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void halfOpenReplicaShouldNotServeReadsUntilProbesCloseTheBreaker() {
		this.health.probeAnswered(READ_ONLY, 0, 0);
		this.health.probeFailed(new SQLTransientConnectionException("Connection refused", "08001"));
		this.clock.advance(Duration.ofMillis(10_001));
		this.health.probeAnswered(READ_ONLY, 0, 0);
		assertThat(this.health.state()).isEqualTo(ReplicaState.CIRCUIT_HALF_OPEN);
		assertThat(this.health.isCandidate()).isFalse();
		assertThat(this.health.tryAcquirePermission()).isFalse();
	}

	@Test
	void whenLagExceedsMaximumShouldLeaveAndRejoinOnlyWellWithinIt() {
		this.health.probeAnswered(READ_ONLY, 5001, 100);
		assertThat(this.health.state()).isEqualTo(ReplicaState.LAGGING);
		assertThat(this.health.isCandidate()).isFalse();
		assertThat(this.health.describe()).isEqualTo("LAGGING (5001 ms behind the primary)");
		this.health.probeAnswered(READ_ONLY, 4000, 80);
		assertThat(this.health.state()).isEqualTo(ReplicaState.LAGGING);
		this.health.probeAnswered(READ_ONLY, 2500, 10);
		assertThat(this.health.state()).isEqualTo(ReplicaState.UP);
	}

	@Test
	void replicaHoveringAtTheThresholdShouldNotFlap() {
		int transitions = 0;
		ReplicaState previous = null;
		for (int i = 0; i < 20; i++) {
			this.health.probeAnswered(READ_ONLY, (i % 2 == 0) ? 5100 : 4900, 0);
			if (previous != null && previous != this.health.state()) {
				transitions++;
			}
			previous = this.health.state();
		}
		assertThat(transitions).isZero();
		assertThat(previous).isEqualTo(ReplicaState.LAGGING);
	}

	@Test
	void unboundedLagShouldNeverCountAsHealthy() {
		this.health.probeAnswered(READ_ONLY, Long.MAX_VALUE, -1);
		assertThat(this.health.state()).isEqualTo(ReplicaState.LAGGING);
	}

	@Test
	void whenLagWasNeverMeasuredShouldNotServe() {
		this.health.probeAnswered(READ_ONLY, -1, -1);
		assertThat(this.health.state()).isEqualTo(ReplicaState.LAGGING);
		assertThat(this.health.isCandidate()).isFalse();
		assertThat(this.health.describe()).isEqualTo("LAGGING (lag not measured yet)");
		this.health.probeAnswered(READ_ONLY, 100, 10);
		assertThat(this.health.state()).isEqualTo(ReplicaState.UP);
	}

	@Test
	void whenLagCannotBeMeasuredALaggingReplicaShouldStayOut() {
		this.health.probeAnswered(READ_ONLY, 6000, 100);
		for (int i = 0; i < 10; i++) {
			this.health.probeAnswered(READ_ONLY, -1, -1);
			assertThat(this.health.state()).isEqualTo(ReplicaState.LAGGING);
		}
		assertThat(this.health.lagMillis()).isEqualTo(-1);
		assertThat(this.health.describe()).isEqualTo("LAGGING (lag unknown, not caught up when last measured)");
		this.health.probeAnswered(READ_ONLY, 1000, 10);
		assertThat(this.health.state()).isEqualTo(ReplicaState.UP);
	}

	@Test
	void whenLagCannotBeMeasuredAReplicaInRotationShouldStayIn() {
		this.health.probeAnswered(READ_ONLY, 0, 0);
		for (int i = 0; i < 10; i++) {
			this.health.probeAnswered(READ_ONLY, -1, -1);
			assertThat(this.health.state()).isEqualTo(ReplicaState.UP);
		}
	}

	@Test
	void whenReplicaReportsItselfWritableShouldBeRoleMismatch() {
		this.health.probeAnswered(new ReplicaProbeResult(false, null, null), 0, 0);
		assertThat(this.health.state()).isEqualTo(ReplicaState.ROLE_MISMATCH);
		assertThat(this.health.isCandidate()).isFalse();
		this.health.probeAnswered(READ_ONLY, 0, 0);
		assertThat(this.health.state()).isEqualTo(ReplicaState.UP);
	}

	@Test
	void ejectShouldTakeOutOfRotationAndEvictUntilReadmitted() {
		this.health.probeAnswered(READ_ONLY, 0, 0);
		this.health.eject();
		assertThat(this.health.state()).isEqualTo(ReplicaState.EJECTED);
		assertThat(this.health.isCandidate()).isFalse();
		assertThat(this.evictions).hasValue(1);
		this.health.readmit();
		assertThat(this.health.state()).isEqualTo(ReplicaState.UP);
	}

	@Test
	void stalenessShouldBeUnknownUntilAProbeTells() {
		this.health.probeAnswered(READ_ONLY, 0, 0);
		assertThat(this.health.stalenessMillis(this.clock.millis())).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void stalenessShouldBeTheKnownLagPlusTheProbesAge() {
		long probed = this.clock.millis();
		// The probe found the replica 3 s behind.
		this.health.caughtUpTo(probed - 3000);
		assertThat(this.health.stalenessMillis(probed)).isEqualTo(3000);
		this.clock.advance(Duration.ofMillis(700));
		assertThat(this.health.stalenessMillis(this.clock.millis())).isEqualTo(3700);
	}

	@Test
	void stalenessShouldNotGrowBackWhenALaterProbeKnowsLess() {
		long probed = this.clock.millis();
		this.health.caughtUpTo(probed - 1000);
		this.health.caughtUpTo(probed - 4000);
		assertThat(this.health.stalenessMillis(probed)).isEqualTo(1000);
	}

}
