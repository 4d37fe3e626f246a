package io.github.replicarouting.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.transaction.UserTransaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.orm.jpa.support.OpenEntityManagerInViewInterceptor;
import org.springframework.transaction.jta.JtaTransactionManager;

import io.github.replicarouting.H2Targets;
import io.github.replicarouting.RoutingTaskDecorator;
import io.github.replicarouting.actuate.ReplicaRoutingEndpoint;
import io.github.replicarouting.autoconfigure.health.ReplicaRoutingEndpointAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The routing doctor: each set-up known to misroute is said once at startup, as a WARN, and
 * listed in the endpoint's {@code diagnostics}; a sound set-up says nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplicaRoutingDoctorTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				ReplicaRoutingEndpointAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues(this.databases.propertyPairs())
		.withPropertyValues("management.endpoints.web.exposure.include=replicarouting");

	/** A web application with JPA, where Spring Boot turns open-session-in-view on by default. */
	private final WebApplicationContextRunner jpaWebRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				ReplicaRoutingEndpointAutoConfiguration.class, DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class))
		.withPropertyValues(this.databases.propertyPairs())
		.withPropertyValues("management.endpoints.web.exposure.include=replicarouting");

	@Test
	void soundSetUpShouldHaveNoDiagnostics(CapturedOutput output) {
		this.jpaWebRunner.withBean(TaskDecorator.class,
				() -> new CompositeTaskDecorator(List.<TaskDecorator>of((runnable) -> runnable, new RoutingTaskDecorator())))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(OpenEntityManagerInViewInterceptor.class);
				assertThat(diagnostics(context.getBean(ReplicaRoutingEndpoint.class))).isEmpty();
				assertThat(output.getOut()).doesNotContainPattern("WARN .*ReplicaRoutingDoctor");
			});
	}

	@Test
	void jtaTransactionManagerShouldBeDiagnosed(CapturedOutput output) {
		this.contextRunner.withBean("transactionManager", JtaTransactionManager.class,
				() -> new JtaTransactionManager(mock(UserTransaction.class)))
			.run((context) -> assertDiagnosed(context.getBean(ReplicaRoutingEndpoint.class), output,
					"jta-transaction-manager", "Transaction manager 'transactionManager' is a JTA transaction manager"));
	}

	@Test
	void taskDecoratorWithoutTheRoutingContextShouldBeDiagnosed(CapturedOutput output) {
		this.contextRunner.withBean("mdcTaskDecorator", TaskDecorator.class, () -> (runnable) -> runnable)
			.run((context) -> assertDiagnosed(context.getBean(ReplicaRoutingEndpoint.class), output, "task-decorator",
					"Task decorator 'mdcTaskDecorator' does not carry the routing context"));
	}

	@Test
	void hibernateAfterStatementReleaseShouldBeDiagnosed(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues(
					"spring.jpa.properties.hibernate.connection.handling_mode=DELAYED_ACQUISITION_AND_RELEASE_AFTER_STATEMENT")
			.run((context) -> assertDiagnosed(context.getBean(ReplicaRoutingEndpoint.class), output,
					"hibernate-after-statement-release", "Hibernate gives its connection back after each statement"));
	}

	@Test
	void openInViewWithNonTransactionalReadsOnReplicasShouldBeDiagnosed(CapturedOutput output) {
		this.jpaWebRunner.withPropertyValues("replica-routing.non-transactional-reads=replica")
			.run((context) -> assertDiagnosed(context.getBean(ReplicaRoutingEndpoint.class), output,
					"open-in-view-with-replica-reads", "Open-session-in-view (spring.jpa.open-in-view) with"));
	}

	private static void assertDiagnosed(ReplicaRoutingEndpoint endpoint, CapturedOutput output, String check,
			String message) {
		assertThat(diagnostics(endpoint)).containsOnlyKeys(check);
		assertThat(diagnostics(endpoint).get(check)).startsWith(message);
		assertThat(Pattern.compile("WARN .*" + Pattern.quote(message)).matcher(output.getOut()).results().count())
			.as("one WARN").isOne();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> diagnostics(ReplicaRoutingEndpoint endpoint) {
		return (Map<String, String>) endpoint.topology().get("diagnostics");
	}

}
