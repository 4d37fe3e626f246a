package io.github.replicarouting.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.replicarouting.H2Targets;
import io.github.replicarouting.autoconfigure.ReplicaRoutingAutoConfiguration;
import io.github.replicarouting.autoconfigure.health.ReplicaRoutingEndpointAutoConfiguration;
import io.github.replicarouting.autoconfigure.health.ReplicaRoutingHealthContributorAutoConfiguration;
import io.github.replicarouting.autoconfigure.metrics.ReplicaRoutingMetricsAutoConfiguration;
import io.github.replicarouting.autoconfigure.metrics.ReplicaRoutingObservationAutoConfiguration;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health, endpoint and metrics over H2: what operators see, and that it never shows a secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplicaRoutingActuatorTests {

	private static final String PASSWORD = "Sup3r-Secret-P4ss";

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2").withUser("app", PASSWORD);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				ReplicaRoutingHealthContributorAutoConfiguration.class, ReplicaRoutingEndpointAutoConfiguration.class,
				ReplicaRoutingMetricsAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("replica-routing.primary.url=" + this.databases.url("primary"),
				"replica-routing.primary.username=app", "replica-routing.primary.password=" + PASSWORD,
				"replica-routing.replicas.replica-1.url=" + this.databases.url("replica-1"),
				"replica-routing.replicas.replica-2.url=jdbc:h2:mem:missing;IFEXISTS=TRUE;PASSWORD=" + PASSWORD,
				"management.endpoints.web.exposure.include=replicarouting");

	@Test
	void healthShouldBeUpWithASickReplicaAndShowItsState(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(ReplicaRoutingHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(replica(health, "replica-1")).containsEntry("state", "UP");
			assertThat(replica(health, "replica-2")).containsEntry("state", "CIRCUIT_OPEN")
				.containsKeys("lag", "failureRate", "active", "idle", "url");
			assertThat(health.toString()).doesNotContain(PASSWORD);
			assertThat(output.getAll()).doesNotContain(PASSWORD);
		});
	}

	@Test
	void healthAndEndpointShowUrlsWithoutSettings() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(ReplicaRoutingHealthIndicator.class).health(true);
			assertThat(replica(health, "replica-2")).containsEntry("url", "jdbc:h2:mem:missing");
			assertThat(replica(health, "replica-1")).containsEntry("url",
					this.databases.url("replica-1").replace(";DB_CLOSE_DELAY=-1", ""));
			assertThat(context.getBean(ReplicaRoutingEndpoint.class).replica("replica-2").getBody())
				.containsEntry("url", "jdbc:h2:mem:missing");
		});
	}

	@Test
	void healthShouldBeDownWhenPrimaryIsDown() {
		this.contextRunner
			.withPropertyValues("replica-routing.primary.url=jdbc:h2:mem:missing-primary;IFEXISTS=TRUE",
					"replica-routing.primary.hikari.connection-timeout=250")
			.run((context) -> {
				Health health = context.getBean(ReplicaRoutingHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.contextRunner.withPropertyValues("management.health.replica-routing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReplicaRoutingHealthIndicator.class));
	}

	@Test
	void endpointShouldEjectAndReadmitAndRejectUnknownNamesAndActions() {
		this.contextRunner.run((context) -> {
			ReplicaRoutingEndpoint endpoint = context.getBean(ReplicaRoutingEndpoint.class);
			WebEndpointResponse<Map<String, Object>> ejected = endpoint.change("replica-1", "eject");
			assertThat(ejected.getStatus()).isEqualTo(200);
			assertThat(ejected.getBody()).containsEntry("state", ReplicaState.EJECTED.name());
			assertThat(endpoint.change("replica-1", "readmit").getBody()).containsEntry("state", "UP");
			WebEndpointResponse<Map<String, Object>> unknown = endpoint.change("replica-9", "eject");
			assertThat(unknown.getStatus()).isEqualTo(404);
			assertThat(unknown.getBody().get("message").toString()).contains("replica-9", "replica-1", "replica-2");
			WebEndpointResponse<Map<String, Object>> badAction = endpoint.change("replica-1", "explode");
			assertThat(badAction.getStatus()).isEqualTo(400);
			assertThat(badAction.getBody().get("message").toString()).contains("eject", "readmit");
			assertThat(endpoint.replica("replica-9").getStatus()).isEqualTo(404);
		});
	}

	@Test
	void burstOfConcurrentEjectsAndReadmitsShouldLeaveAConsistentState() {
		this.contextRunner.run((context) -> {
			ReplicaRoutingEndpoint endpoint = context.getBean(ReplicaRoutingEndpoint.class);
			ExecutorService threads = Executors.newFixedThreadPool(8);
			try {
				List<Future<?>> calls = new ArrayList<>();
				for (int i = 0; i < 400; i++) {
					String action = (i % 2 == 0) ? "eject" : "readmit";
					calls.add(threads.submit(() -> assertThat(endpoint.change("replica-1", action).getStatus()).isEqualTo(200)));
				}
				for (Future<?> call : calls) {
					call.get(10, TimeUnit.SECONDS);
				}
			}
			finally {
				threads.shutdownNow();
			}
			// Whatever the interleaving, the last word decides, and the state says the same everywhere.
			endpoint.change("replica-1", "eject");
			assertThat(endpoint.replica("replica-1").getBody()).containsEntry("state", "EJECTED");
			assertThat(context.getBean(ReplicaMonitor.class).replica("replica-1").orElseThrow().isCandidate()).isFalse();
			endpoint.change("replica-1", "readmit");
			assertThat(endpoint.replica("replica-1").getBody()).containsEntry("state", "UP");
			assertThat(context.getBean(ReplicaMonitor.class).replica("replica-1").orElseThrow().isCandidate()).isTrue();
		});
	}

	@Test
	void endpointShouldShowTopologyAndRoutingCountsWithoutSecrets() {
		this.contextRunner.run((context) -> {
			context.getBean(JdbcTemplate.class).queryForObject("select name from whoami", String.class);
			Map<String, Object> topology = context.getBean(ReplicaRoutingEndpoint.class).topology();
			assertThat(topology).containsKeys("primary", "replicas", "routes");
			assertThat(topology.get("routes").toString()).contains("primary={non-transactional=1}");
			assertThat(topology.toString()).doesNotContain(PASSWORD);
		});
	}

	@Test
	void metricsShouldCountRoutesAndShowReplicaAvailability() {
		this.contextRunner.run((context) -> {
			context.getBean(JdbcTemplate.class).queryForObject("select name from whoami", String.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// What Spring Boot's metrics auto-configuration does with every MeterBinder bean.
			context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
			assertThat(registry.get("replica.routing.routes").tag("target", "primary")
				.tag("reason", "non-transactional").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("replica.routing.replica.available").tag("replica", "replica-1").gauge().value())
				.isEqualTo(1);
			assertThat(registry.get("replica.routing.replica.available").tag("replica", "replica-2").gauge().value())
				.isZero();
			assertThat(registry.get("replica.routing.replica.lag").tag("replica", "replica-1").timeGauge()).isNotNull();
			assertThat(registry.get("resilience4j.circuitbreaker.state")
				.tag("name", "replica-routing.replica-2").tag("state", "open").gauge().value()).isEqualTo(1);
			assertThat(registry.find("hikaricp.connections.max").tag("pool", "replica-routing-primary").gauge())
				.isNotNull();
			assertThat(registry.find("replica.routing.routes").tag("target", "replica-1").tag("reason", "read-write")
				.functionCounter()).as("a replica never serves read-write work").isNull();
			assertThat(registry.find("replica.routing.routes").tag("target", "replica-1")
				.tag("reason", "read-your-writes").functionCounter())
				.as("a replica that has the scope's writes serves @ReadYourWrites reads").isNotNull();
			registry.getMeters().forEach((meter) -> assertThat(meter.getId().toString()).doesNotContain(PASSWORD));
		});
	}

	@Test
	void readOnlyCandidatesShouldBeCountedAndListedAndRoutesObserved() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ReplicaRoutingObservationAutoConfiguration.class))
			.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				TransactionTemplate transactions = new TransactionTemplate(
						new DataSourceTransactionManager(context.getBean(DataSource.class)));
				transactions.setName("OrderService.find");
				transactions.executeWithoutResult((status) -> jdbc.queryForObject("select name from whoami", String.class));
				transactions.executeWithoutResult((status) -> jdbc.queryForObject("select name from whoami", String.class));

				assertThat(registry.get("replica.routing.readonly.candidates").tag("transaction", "OrderService.find")
					.functionCounter().count()).isEqualTo(2);
				assertThat(context.getBean(ReplicaRoutingEndpoint.class).topology())
					.containsEntry("readOnlyCandidates", Map.of("OrderService.find", 2L));
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.hasNumberOfObservationsWithNameEqualTo("replica.routing.route", 2)
					.hasObservationWithNameEqualTo("replica.routing.route")
					.that()
					.hasBeenStopped()
					.hasLowCardinalityKeyValue("target", "primary")
					.hasLowCardinalityKeyValue("reason", "read-write")
					.hasHighCardinalityKeyValue("transaction", "OrderService.find");
			});
	}

	@Test
	void metricsShouldShowTheFallbackBudgetOfHalfThePrimaryPool() {
		this.contextRunner.withPropertyValues("replica-routing.primary.hikari.maximum-pool-size=7").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
			assertThat(registry.get("replica.routing.fallback.rejected").functionCounter().count()).isZero();
			assertThat(registry.get("resilience4j.bulkhead.max.allowed.concurrent.calls")
				.tag("name", "replica-routing.fallback").gauge().value()).isEqualTo(3);
			assertThat(registry.get("resilience4j.bulkhead.available.concurrent.calls")
				.tag("name", "replica-routing.fallback").gauge().value()).isEqualTo(3);
		});
	}

	@Test
	void breakerMetricsShouldBeBoundWhenTheApplicationHasItsOwnCircuitBreakerRegistry() {
		this.contextRunner.withBean(CircuitBreakerRegistry.class, CircuitBreakerRegistry::ofDefaults).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
			assertThat(context.getBean(ReplicaMonitor.class).breakerRegistry())
				.isSameAs(context.getBean(CircuitBreakerRegistry.class));
			assertThat(registry.get("resilience4j.circuitbreaker.state")
				.tag("name", "replica-routing.replica-2").tag("state", "open").gauge().value()).isEqualTo(1);
		});
	}

	@Test
	void breakerMetricsShouldBeLeftToTheApplicationWhenItBindsResilience4jMetrics() {
		this.contextRunner.withUserConfiguration(Resilience4jMetrics.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
			assertThat(context).doesNotHaveBean("replicaRoutingCircuitBreakerMetrics");
			// Resilience4j's own publisher has them, once.
			assertThat(registry.get("resilience4j.circuitbreaker.state")
				.tag("name", "replica-routing.replica-2").tag("state", "open").gauge().value()).isEqualTo(1);
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> replica(Health health, String name) {
		return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("replicas")).get(name);
	}

	/**
	 * What Resilience4j's Spring Boot integration does: a publisher that gives every breaker of
	 * the application's registry its metrics.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Resilience4jMetrics {

		@Bean
		TaggedCircuitBreakerMetricsPublisher circuitBreakerMetricsPublisher(MeterRegistry registry) {
			return new TaggedCircuitBreakerMetricsPublisher(registry);
		}

		@Bean
		CircuitBreakerRegistry circuitBreakerRegistry(TaggedCircuitBreakerMetricsPublisher publisher) {
			return CircuitBreakerRegistry.of(CircuitBreakerConfig.ofDefaults(), publisher);
		}

	}

}
