package io.github.replicarouting.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.replicarouting.H2Targets;
import io.github.replicarouting.ReplicaRouting;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.UsePrimary;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaRoutingAutoConfigurationTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, TransactionAutoConfiguration.class, AopAutoConfiguration.class));

	@Test
	void whenReplicasAreConfiguredShouldProvideRoutingDataSource() {
		this.contextRunner.withPropertyValues(this.databases.propertyPairs()).run((context) -> {
			assertThat(context).hasSingleBean(DataSource.class);
			assertThat(context).hasSingleBean(ReplicaRoutingDataSource.class);
			assertThat(context).hasSingleBean(ReplicaRouting.class);
		});
	}

	@Test
	void whenDisabledShouldBackOff() {
		this.contextRunner.withPropertyValues(this.databases.propertyPairs())
			.withPropertyValues("replica-routing.enabled=false", "spring.datasource.url=" + this.databases.url("primary"))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ReplicaRoutingDataSource.class);
				assertThat(context).doesNotHaveBean(ReplicaRouting.class);
				assertThat(context).getBean(DataSource.class).isInstanceOf(HikariDataSource.class);
			});
	}

	@Test
	void whenNoReplicaIsConfiguredShouldBackOff() {
		this.contextRunner.withPropertyValues("spring.datasource.url=" + this.databases.url("primary"))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ReplicaRoutingDataSource.class);
				assertThat(context).getBean(DataSource.class).isInstanceOf(HikariDataSource.class);
			});
	}

	@Test
	void whenUserDefinesDataSourceShouldBackOff() {
		this.contextRunner.withPropertyValues(this.databases.propertyPairs())
			.withUserConfiguration(UserDataSourceConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ReplicaRoutingDataSource.class);
				assertThat(context).getBean(DataSource.class).isSameAs(context.getBean("userDataSource"));
			});
	}

	@Test
	void whenUserDefinesReplicaRoutingShouldUseIt() {
		this.contextRunner.withPropertyValues(this.databases.propertyPairs())
			.withBean("userRouting", ReplicaRouting.class, ReplicaRouting::new)
			.run((context) -> assertThat(context).getBean(ReplicaRouting.class)
				.isSameAs(context.getBean("userRouting")));
	}

	@Test
	void shouldNamePoolsAndApplyPerPoolHikariSettings() {
		this.contextRunner.withPropertyValues(this.databases.propertyPairs())
			.withPropertyValues("replica-routing.primary.hikari.maximum-pool-size=7",
					"replica-routing.replicas.replica-1.hikari.maximum-pool-size=3",
					"replica-routing.replicas.replica-1.hikari.connection-timeout=1500")
			.run((context) -> {
				ReplicaRoutingDataSource routing = context.getBean(ReplicaRoutingDataSource.class);
				HikariDataSource primary = routing.getPrimary().unwrap(HikariDataSource.class);
				HikariDataSource replica1 = routing.getReplicas().get(0).unwrap(HikariDataSource.class);
				HikariDataSource replica2 = routing.getReplicas().get(1).unwrap(HikariDataSource.class);
				assertThat(primary.getPoolName()).isEqualTo("replica-routing-primary");
				assertThat(primary.getMaximumPoolSize()).isEqualTo(7);
				assertThat(replica1.getPoolName()).isEqualTo("replica-routing-replica-1");
				assertThat(replica1.getMaximumPoolSize()).isEqualTo(3);
				assertThat(replica1.getConnectionTimeout()).isEqualTo(1500);
				assertThat(replica2.getPoolName()).isEqualTo("replica-routing-replica-2");
				assertThat(replica2.isReadOnly()).isTrue();
				assertThat(primary.isReadOnly()).isFalse();
			});
	}

	@Test
	void whenPrimaryIsNotSetShouldUseSpringDatasourceAndShareItsCredentialsWithReplicas() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=" + this.databases.url("primary"),
					"spring.datasource.username=sa", "spring.datasource.password=",
					"spring.datasource.hikari.maximum-pool-size=4",
					"replica-routing.replicas.replica-1.url=" + this.databases.url("replica-1"),
					"replica-routing.replicas.replica-2.url=" + this.databases.url("replica-2"),
					"replica-routing.replicas.replica-2.username=someone-else")
			.run((context) -> {
				ReplicaRoutingDataSource routing = context.getBean(ReplicaRoutingDataSource.class);
				HikariDataSource primary = routing.getPrimary().unwrap(HikariDataSource.class);
				assertThat(primary.getJdbcUrl()).isEqualTo(this.databases.url("primary"));
				assertThat(primary.getMaximumPoolSize()).isEqualTo(4);
				assertThat(routing.getReplicas().get(0).unwrap(HikariDataSource.class).getUsername()).isEqualTo("sa");
				assertThat(routing.getReplicas().get(1).unwrap(HikariDataSource.class).getUsername())
					.isEqualTo("someone-else");
				assertThat(new JdbcTemplate(routing).queryForObject("select name from whoami", String.class))
					.isEqualTo("primary");
			});
	}

	@Test
	void withoutAspectJShouldStillRouteOnTransactionFlagsAndAnnotations() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.withPropertyValues(this.databases.propertyPairs())
			.withUserConfiguration(AnnotatedServiceConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AnnotatedService service = context.getBean(AnnotatedService.class);
				assertThat(service.readOnly()).startsWith("replica-");
				assertThat(service.usePrimary()).isEqualTo("primary");
				assertThat(service.readWrite()).isEqualTo("primary");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDataSourceConfiguration {

		@Bean
		DataSource userDataSource() {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl("jdbc:h2:mem:user");
			return dataSource;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AnnotatedServiceConfiguration {

		@Bean
		AnnotatedService annotatedService(JdbcTemplate jdbc) {
			return new AnnotatedService(jdbc);
		}

	}

	public static class AnnotatedService {

		private final JdbcTemplate jdbc;

		public AnnotatedService(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional(readOnly = true)
		public String readOnly() {
			return this.jdbc.queryForObject("select name from whoami", String.class);
		}

		@UsePrimary
		@Transactional(readOnly = true)
		public String usePrimary() {
			return this.jdbc.queryForObject("select name from whoami", String.class);
		}

		@Transactional
		public String readWrite() {
			return this.jdbc.queryForObject("select name from whoami", String.class);
		}

	}

}
