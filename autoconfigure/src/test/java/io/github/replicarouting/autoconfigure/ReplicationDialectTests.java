package io.github.replicarouting.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

import io.github.replicarouting.H2Targets;
import io.github.replicarouting.ReplicationPositions;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaProbeResult;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.health.ReplicationDialect;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's {@link ReplicationDialect} bean teaches the library a database: it is tried
 * before the built-in dialects, for the replicas' probes and for the log positions of causal
 * read-your-writes. Over H2, which the built-in dialects take to be never behind.
 */
class ReplicationDialectTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				DataSourceAutoConfiguration.class))
		.withPropertyValues(this.databases.propertyPairs())
		.withPropertyValues("replica-routing.max-replication-lag=5s", "replica-routing.read-your-writes.mode=causal");

	@Test
	void withoutADialectOfItsOwnH2IsTakenToBeNeverBehindAndWithoutPositions() {
		this.contextRunner.run((context) -> {
			ReplicaHealth replica = probed(context);
			assertThat(replica.state()).isEqualTo(ReplicaState.UP);
			assertThat(replica.lagMillis()).isZero();
			assertThat(currentPosition(context)).isEqualTo(-1);
		});
	}

	@Test
	void applicationDialectShouldProbeReplicasAndReadPositionsBeforeTheBuiltInOnes() {
		this.contextRunner.withBean(ReplicationDialect.class, () -> new FixedLagDialect(Duration.ofSeconds(10), 4242))
			.run((context) -> {
				ReplicaHealth replica = probed(context);
				assertThat(replica.state()).isEqualTo(ReplicaState.LAGGING);
				assertThat(replica.lagMillis()).isEqualTo(10_000);
				assertThat(replica.replayedPosition()).isEqualTo(4242);
				assertThat(context.getBean(ReplicaMonitor.class).primary().replayedPosition())
					.as("the primary's position, as its probe read it")
					.isEqualTo(4242);
				assertThat(currentPosition(context)).isEqualTo(4242);
			});
	}

	private static ReplicaHealth probed(AssertableApplicationContext context) {
		ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
		monitor.probeNow();
		return monitor.replica("replica-1").orElseThrow();
	}

	private long currentPosition(AssertableApplicationContext context) throws SQLException {
		try (Connection primary = DriverManager.getConnection(this.databases.url("primary"), "sa", "")) {
			return context.getBean(ReplicationPositions.class).currentPosition(primary);
		}
	}

	/** A database whose replicas report a fixed lag, at a fixed position. */
	private record FixedLagDialect(Duration lag, long position) implements ReplicationDialect {

		@Override
		public boolean supports(String databaseProductName) {
			return databaseProductName.toLowerCase(Locale.ROOT).equals("h2");
		}

		@Override
		public long currentPosition(Connection primary) {
			return this.position;
		}

		@Override
		public long replayedPosition(Connection replica) {
			return this.position;
		}

		@Override
		public ReplicaProbeResult probe(Connection replica, int timeoutSeconds) {
			return new ReplicaProbeResult(true, this.position, this.lag.toMillis());
		}

	}

}
