package io.github.replicarouting.autoconfigure;

import java.sql.Connection;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

import io.github.replicarouting.AwaitReplication;
import io.github.replicarouting.H2Targets;
import io.github.replicarouting.health.ReplicaProbeResult;
import io.github.replicarouting.health.ReplicationDialect;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with {@code @AwaitReplication} methods starts only when the database can serve
 * them: it has log positions, and enough replicas.
 */
class AwaitReplicationStartupTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
				TransactionAutoConfiguration.class, AopAutoConfiguration.class))
		.withPropertyValues(this.databases.propertyPairs());

	@Test
	void whenTheDatabaseHasNoPositionsShouldFailNamingTheMethod() {
		this.contextRunner.withBean(Orders.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("@AwaitReplication on " + Orders.class.getName() + ".place needs replication log "
						+ "positions, which H2 does not have: remove the annotation, or teach the library the "
						+ "database's positions with a ReplicationDialect bean.");
		});
	}

	@Test
	void whenMoreReplicasAreAwaitedThanConfiguredShouldFailNamingTheMethod() {
		this.contextRunner.withBean(Greedy.class).withBean(ReplicationDialect.class, PositionedH2::new).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("@AwaitReplication(replicas = 3) on " + Greedy.class.getName() + ".place")
				.hasMessageContaining("the 2 configured under replica-routing.replicas");
		});
	}

	@Test
	void whenADialectGivesPositionsShouldStart() {
		this.contextRunner.withBean(Orders.class).withBean(ReplicationDialect.class, PositionedH2::new).run((context) -> {
			assertThat(context).hasNotFailed();
		});
	}

	@Test
	void withoutAwaitReplicationADatabaseWithoutPositionsShouldStart() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
	}

	static class Orders {

		@AwaitReplication
		public void place() {
		}

	}

	static class Greedy {

		@AwaitReplication(replicas = 3)
		public void place() {
		}

	}

	/** H2 taught to have positions, as an application would teach another database. */
	static final class PositionedH2 implements ReplicationDialect {

		@Override
		public boolean supports(String databaseProductName) {
			return databaseProductName.toLowerCase(Locale.ROOT).equals("h2");
		}

		@Override
		public long currentPosition(Connection primary) {
			return 1;
		}

		@Override
		public long replayedPosition(Connection replica) {
			return 1;
		}

		@Override
		public ReplicaProbeResult probe(Connection replica, int timeoutSeconds) {
			return new ReplicaProbeResult(true, 1L, 0L);
		}

	}

}
