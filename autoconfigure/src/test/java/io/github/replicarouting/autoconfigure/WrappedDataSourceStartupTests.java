package io.github.replicarouting.autoconfigure;

import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import io.github.replicarouting.H2Targets;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tools such as datasource-micrometer, p6spy or datasource-proxy replace the {@code dataSource}
 * bean with a wrapper of another type: the router must still be started, so that
 * non-transactional reads reach the replicas once the application has started.
 */
class WrappedDataSourceStartupTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues(this.databases.propertyPairs())
		.withPropertyValues("replica-routing.non-transactional-reads=replica");

	@Test
	void nonTransactionalReadsShouldReachTheReplicaThroughTheRoutingDataSource() {
		this.contextRunner.run((context) -> assertReadsReachTheReplica(context.getBean(DataSource.class)));
	}

	@Test
	void nonTransactionalReadsShouldReachTheReplicaWhenAPostProcessorWrapsTheDataSource() {
		this.contextRunner.withUserConfiguration(WrappingConfiguration.class).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(Wrapper.class);
			assertReadsReachTheReplica(dataSource);
		});
	}

	private static void assertReadsReachTheReplica(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(jdbc.queryForObject("select name from whoami where 1 = ?", String.class, 1))
				.isEqualTo("replica-1"));
	}

	@Configuration(proxyBeanMethods = false)
	static class WrappingConfiguration {

		@Bean
		static BeanPostProcessor wrapDataSources() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof DataSource dataSource) ? new Wrapper(dataSource) : bean;
				}
			};
		}

	}

	/** A wrapper that, like many, cannot be unwrapped to what it wraps. */
	static final class Wrapper extends DelegatingDataSource {

		Wrapper(DataSource target) {
			super(target);
		}

		@Override
		public <T> T unwrap(Class<T> type) throws SQLException {
			throw new SQLException("not a wrapper for " + type);
		}

		@Override
		public boolean isWrapperFor(Class<?> type) {
			return false;
		}

	}

}
