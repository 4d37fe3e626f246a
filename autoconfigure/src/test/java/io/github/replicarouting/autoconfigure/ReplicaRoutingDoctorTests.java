package io.github.replicarouting.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.p6spy.engine.spy.P6DataSource;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;

import jakarta.transaction.UserTransaction;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import net.ttddyy.observation.tracing.DataSourceObservationListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.orm.jpa.support.OpenEntityManagerInViewInterceptor;
import org.springframework.transaction.jta.JtaTransactionManager;

import io.github.replicarouting.H2Targets;
import io.github.replicarouting.ReplicaRoutingDataSource;
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

	@Test
	void dataSourceWrapperThatRoutesConnectionsAtOnceShouldBeDiagnosed(CapturedOutput output) {
		this.contextRunner.withBean(BeanPostProcessor.class, () -> wrapping(EarlyRoutingDataSource::new))
			.run((context) -> assertDiagnosed(context.getBean(ReplicaRoutingEndpoint.class), output,
					"data-source-wrapper", "Data source 'dataSource' (" + EarlyRoutingDataSource.class.getName()
							+ ") wraps the routing data source and routes each connection as soon as it takes it"));
	}

	@Test
	void dataSourceWrappersThatLeaveConnectionsUnroutedShouldNotBeDiagnosed(CapturedOutput output) {
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.contextRunner.withBean(BeanPostProcessor.class, () -> wrapping((routing) -> {
			DataSourceObservationListener listener = new DataSourceObservationListener(observations);
			return new P6DataSource(ProxyDataSourceBuilder.create(routing).listener(listener).methodListener(listener).build());
		})).run((context) -> {
			assertThat(context.getBean(DataSource.class)).isInstanceOf(P6DataSource.class);
			assertThat(diagnostics(context.getBean(ReplicaRoutingEndpoint.class))).isEmpty();
			assertThat(output.getOut()).doesNotContainPattern("WARN .*ReplicaRoutingDoctor");
			TestObservationRegistryAssert.assertThat(observations).hasObservationWithNameEqualTo("jdbc.connection");
		});
	}

	/** Wraps the routing data source, as instrumentation libraries' Spring Boot integrations do. */
	private static BeanPostProcessor wrapping(Function<DataSource, DataSource> wrapper) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof ReplicaRoutingDataSource routing) ? wrapper.apply(routing) : bean;
			}

		};
	}

	/** A wrapper that reads the connection's catalog as soon as it takes it, for its own records. */
	static final class EarlyRoutingDataSource extends DelegatingDataSource {

		EarlyRoutingDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection connection = super.getConnection();
			connection.getCatalog();
			return connection;
		}

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
