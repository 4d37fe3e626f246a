package io.github.replicarouting.autoconfigure.data;

import javax.sql.DataSource;

import io.github.replicarouting.H2Targets;
import io.github.replicarouting.autoconfigure.ReplicaRoutingAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaRoutingRepositoryReadsAutoConfigurationTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				ReplicaRoutingRepositoryReadsAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues(this.databases.propertyPairs());

	@Test
	void whenSpringDataIsPresentShouldAdviseRepositoryFactories() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(RepositoryReadsBeanPostProcessor.class));
	}

	@Test
	void whenSpringDataIsAbsentShouldBackOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RepositoryFactoryBeanSupport.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(RepositoryReadsBeanPostProcessor.class);
			});
	}

	@Test
	void whenTheApplicationHasItsOwnDataSourceShouldBackOff() {
		this.contextRunner
			.withBean("userDataSource", DataSource.class,
					() -> new DriverManagerDataSource(this.databases.url("primary"), "sa", ""))
			.run((context) -> assertThat(context).doesNotHaveBean(RepositoryReadsBeanPostProcessor.class));
	}

}
