package io.github.replicarouting.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.replicarouting.H2Targets;
import io.github.replicarouting.NoRouteAvailableException;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingListener;
import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.health.PrimaryState;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Replicas that cannot serve never become the caller's problem (rule 7), shown on H2 with
 * replicas whose database does not exist.
 */
class ReplicaFailureTests {

	private static final String MISSING = "jdbc:h2:mem:missing-replica;IFEXISTS=TRUE";

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	private final List<RoutingDecision> decisions = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withBean(RoutingListener.class, () -> this.decisions::add)
		.withPropertyValues(this.databases.propertyPairs());

	@Test
	void whenOneReplicaIsDownAtStartupShouldStartAndReadOnTheOther() {
		this.contextRunner.withPropertyValues("replica-routing.replicas.replica-2.url=" + MISSING).run((context) -> {
			assertThat(context).hasNotFailed();
			ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
			assertThat(monitor.replica("replica-2").orElseThrow().state()).isEqualTo(ReplicaState.CIRCUIT_OPEN);
			for (int i = 0; i < 20; i++) {
				assertThat(readOnly(context.getBean(PlatformTransactionManager.class), context.getBean(JdbcTemplate.class)))
					.isEqualTo("replica-1");
			}
		});
	}

	@Test
	void whenAllReplicasAreDownReadsShouldFallBackToPrimary() {
		this.contextRunner
			.withPropertyValues("replica-routing.replicas.replica-1.url=" + MISSING,
					"replica-routing.replicas.replica-2.url=" + MISSING + ";x=2")
			.run((context) -> {
				assertThat(readOnly(context.getBean(PlatformTransactionManager.class), context.getBean(JdbcTemplate.class)))
					.isEqualTo("primary");
				assertThat(this.decisions).last()
					.satisfies((decision) -> assertThat(decision.reason()).isEqualTo(RoutingReason.FALLBACK))
					.satisfies((decision) -> assertThat(decision.target()).isEqualTo("primary"));
			});
	}

	@Test
	void whenFallbackIsOffShouldFailNamingEveryTargetAndItsState() {
		this.contextRunner
			.withPropertyValues("replica-routing.fallback-to-primary=false",
					"replica-routing.replicas.replica-2.url=" + MISSING)
			.run((context) -> {
				ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
				monitor.replica("replica-1").orElseThrow().eject();
				assertThatExceptionOfType(DataAccessException.class)
					.isThrownBy(() -> readOnly(context.getBean(PlatformTransactionManager.class),
							context.getBean(JdbcTemplate.class)))
					.havingRootCause()
					.isInstanceOf(NoRouteAvailableException.class)
					.withMessageContaining("replica-routing.fallback-to-primary is false")
					.withMessageContaining("replica-1: EJECTED")
					.withMessageContaining("replica-2: CIRCUIT_OPEN");
			});
	}

	@Test
	void whenReplicaFailsAfterStartupReadsShouldMoveOnWithoutErrors() {
		// IFEXISTS: once shut down, the in-memory database cannot be opened again.
		this.contextRunner.withPropertyValues(
				"replica-routing.replicas.replica-2.url=" + this.databases.url("replica-2") + ";IFEXISTS=TRUE")
			.run((context) -> {
			ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
			PlatformTransactionManager transactions = context.getBean(PlatformTransactionManager.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(readOnly(transactions, jdbc)).startsWith("replica-");
			// replica-2's database goes away: the next probe takes it out of rotation.
			this.databases.execute("replica-2", "shutdown");
			monitor.probeNow();
			assertThat(monitor.replica("replica-2").orElseThrow().state()).isEqualTo(ReplicaState.CIRCUIT_OPEN);
			for (int i = 0; i < 20; i++) {
				assertThat(readOnly(transactions, jdbc)).isEqualTo("replica-1");
			}
		});
	}

	@Test
	void whenPrimaryIsKnownDownWritesShouldFailAtOnceNamingItAndReadsShouldStayOnReplicas() {
		// The primary's pool would wait 30 s for a connection (HikariCP's default).
		this.contextRunner.withPropertyValues(
				"replica-routing.primary.url=jdbc:h2:mem:missing-primary;IFEXISTS=TRUE",
				"replica-routing.primary.hikari.connection-timeout=30000")
			.run((context) -> {
				ReplicaMonitor monitor = context.getBean(ReplicaMonitor.class);
				PlatformTransactionManager transactions = context.getBean(PlatformTransactionManager.class);
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThat(monitor.primary().state()).isEqualTo(PrimaryState.DOWN);
				long start = System.nanoTime();
				assertThatExceptionOfType(TransientDataAccessResourceException.class)
					.isThrownBy(() -> new TransactionTemplate(transactions)
						.executeWithoutResult((status) -> jdbc.update("insert into item (name) values ('x')")))
					.withMessageContaining("primary (jdbc:h2:mem:missing-primary")
					.withMessageContaining("is DOWN");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
				for (int i = 0; i < 10; i++) {
					assertThat(readOnly(transactions, jdbc)).startsWith("replica-");
				}
			});
	}

	private static String readOnly(PlatformTransactionManager transactions, JdbcTemplate jdbc) {
		TransactionTemplate template = new TransactionTemplate(transactions);
		template.setReadOnly(true);
		return template.execute((status) -> jdbc.queryForObject("select name from whoami", String.class));
	}

}
