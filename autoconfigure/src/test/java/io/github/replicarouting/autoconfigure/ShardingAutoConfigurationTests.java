package io.github.replicarouting.autoconfigure;

import javax.sql.DataSource;

import io.github.replicarouting.H2Targets;
import io.github.replicarouting.NoShardException;
import io.github.replicarouting.Shard;
import io.github.replicarouting.ShardKeyResolver;
import io.github.replicarouting.ShardMismatchException;
import io.github.replicarouting.ShardedDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code replica-routing.shards.*}: one primary+replica group per shard, the group picked per
 * call by {@code @Shard}, a {@link ShardKeyResolver} or the default shard; each in-memory
 * database says its own name.
 */
class ShardingAutoConfigurationTests {

	private static final H2Targets databases = H2Targets.create("a-primary", "a-replica", "b-primary", "b-replica");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
				TransactionAutoConfiguration.class, AopAutoConfiguration.class))
		.withUserConfiguration(TenantConfiguration.class)
		.withPropertyValues(shard("a"))
		.withPropertyValues(shard("b"));

	static String[] shard(String name) {
		String prefix = "replica-routing.shards." + name + ".";
		return new String[] { prefix + "primary.url=" + databases.url(name + "-primary"),
				prefix + "primary.username=sa", prefix + "replicas.replica-1.url=" + databases.url(name + "-replica") };
	}

	@Test
	void workWithoutKeyGoesToTheDefaultShardsPrimary() {
		this.contextRunner.withPropertyValues("replica-routing.default-shard=b").run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("select name from whoami", String.class)).isEqualTo("b-primary");
		});
	}

	@Test
	void shardAnnotationPicksTheGroupOfWritesAndReads() {
		this.contextRunner.run((context) -> {
			TenantService tenants = context.getBean(TenantService.class);
			assertThat(tenants.write("a")).isEqualTo("a-primary");
			assertThat(tenants.read("a")).isEqualTo("a-replica");
			assertThat(tenants.write("b")).isEqualTo("b-primary");
			assertThat(tenants.read("b")).isEqualTo("b-replica");
		});
	}

	@Test
	void resolverNamesTheShardWhenNoAnnotationDoes() {
		this.contextRunner.withBean(ShardKeyResolver.class, () -> () -> "b").run((context) -> {
			assertThat(context.getBean(TenantService.class).readUnkeyed()).isEqualTo("b-replica");
		});
	}

	@Test
	void noShardAndNoDefaultFailsNamingTheMethod() {
		// The transaction manager wraps what the data source throws when it opens the transaction.
		this.contextRunner.run((context) -> assertThatException()
			.isThrownBy(() -> context.getBean(TenantService.class).readUnkeyed())
			.havingRootCause()
			.isInstanceOf(NoShardException.class)
			.withMessageContaining(TenantService.class.getName() + ".readUnkeyed")
			.withMessageContaining("@Shard")
			.withMessageContaining("replica-routing.default-shard"));
	}

	@Test
	void unknownShardFailsNamingTheMethodAndTheShards() {
		this.contextRunner.run((context) -> assertThatExceptionOfType(NoShardException.class)
			.isThrownBy(() -> context.getBean(TenantService.class).read("c"))
			.withMessageContaining(TenantService.class.getName() + ".read")
			.withMessageContaining("'c'")
			.withMessageContaining("[a, b]"));
	}

	@Test
	void transactionNeverSpansShards() {
		this.contextRunner.run((context) -> {
			TenantService tenants = context.getBean(TenantService.class);
			assertThatExceptionOfType(ShardMismatchException.class).isThrownBy(() -> tenants.writeThenRead("a", "b"))
				.withMessageContaining(TenantService.class.getName() + ".read")
				.withMessageContaining("'a'")
				.withMessageContaining("'b'");
			assertThat(tenants.writeThenRead("a", "a")).isEqualTo("a-primary");
		});
	}

	@Test
	void shardsAndATopLevelPrimaryFailNamingTheKeys() {
		this.contextRunner.withPropertyValues("replica-routing.primary.url=" + databases.url("a-primary"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("replica-routing.primary.url")
				.hasMessageContaining("replica-routing.shards"));
	}

	@Test
	void defaultShardMustBeConfigured() {
		this.contextRunner.withPropertyValues("replica-routing.default-shard=c")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("replica-routing.default-shard")
				.hasMessageContaining("[a, b]"));
	}

	@Test
	void shardWithoutPrimaryUrlFailsNamingTheKey() {
		this.contextRunner.withPropertyValues("replica-routing.shards.c.replicas.replica-1.url=jdbc:h2:mem:c")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("replica-routing.shards.c.primary.url"));
	}

	@Test
	void eachShardHasItsOwnPoolsAndGroup() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(ShardedDataSource.class).getShards()).containsOnlyKeys("a", "b");
			assertThat(context.getBean(ReplicaRoutingShards.class).groups().get("b").monitor().replicas())
				.singleElement()
				.satisfies((replica) -> assertThat(replica.target().name()).isEqualTo("replica-1"));
		});
	}

	@Test
	void expressionMayCallBeansAndNameArgumentsByPosition() {
		this.contextRunner.run((context) -> {
			TenantService tenants = context.getBean(TenantService.class);
			assertThat(tenants.readByCustomer("customer-of-b")).isEqualTo("b-replica");
			assertThat(tenants.readByPosition("a")).isEqualTo("a-replica");
		});
	}

	@Test
	void expressionGivingNullFailsNamingTheMethod() {
		this.contextRunner.run((context) -> assertThatExceptionOfType(NoShardException.class)
			.isThrownBy(() -> context.getBean(TenantService.class).read(null))
			.withMessageContaining("@Shard(\"#tenant\")")
			.withMessageContaining(TenantService.class.getName() + ".read")
			.withMessageContaining("null"));
	}

	@Test
	void shardOnTheClassAppliesToEveryMethod() {
		this.contextRunner.run((context) -> {
			RegionService region = context.getBean(RegionService.class);
			assertThat(region.read("b")).isEqualTo("b-replica");
			assertThat(region.write("a")).isEqualTo("a-primary");
		});
	}

	@Test
	void aTransactionOnTheDefaultShardNeverSpansAnother() {
		this.contextRunner.withPropertyValues("replica-routing.default-shard=b").run((context) -> {
			TenantService tenants = context.getBean(TenantService.class);
			assertThatExceptionOfType(ShardMismatchException.class).isThrownBy(() -> tenants.unkeyedThenRead("a"))
				.withMessageContaining("'b'")
				.withMessageContaining("'a'");
			assertThat(tenants.unkeyedThenRead("b")).isEqualTo("b-primary");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TenantConfiguration {

		@Bean
		Customers customers() {
			return new Customers();
		}

		@Bean
		RegionService regionService(DataSource dataSource) {
			return new RegionService(new JdbcTemplate(dataSource));
		}

		@Bean
		TenantService tenantService(DataSource dataSource, ObjectProvider<TenantService> proxy) {
			return new TenantService(new JdbcTemplate(dataSource), proxy);
		}

	}

	static class TenantService {

		private final JdbcTemplate jdbc;

		private final ObjectProvider<TenantService> proxy;

		TenantService(JdbcTemplate jdbc, ObjectProvider<TenantService> proxy) {
			this.jdbc = jdbc;
			this.proxy = proxy;
		}

		@Shard("#tenant")
		@Transactional
		public String write(String tenant) {
			this.jdbc.update("insert into item (name) values (?)", tenant);
			return whoami();
		}

		@Shard("#tenant")
		@Transactional(readOnly = true)
		public String read(String tenant) {
			return whoami();
		}

		@Transactional(readOnly = true)
		public String readUnkeyed() {
			return whoami();
		}

		@Shard("@customers.shardOf(#customer)")
		@Transactional(readOnly = true)
		public String readByCustomer(String customer) {
			return whoami();
		}

		@Shard("#p0")
		@Transactional(readOnly = true)
		public String readByPosition(String tenant) {
			return whoami();
		}

		/** A transaction on the default shard, then a read of {@code other}'s shard inside it. */
		@Transactional
		public String unkeyedThenRead(String other) {
			whoami();
			return this.proxy.getObject().read(other);
		}

		@Shard("#tenant")
		@Transactional
		public String writeThenRead(String tenant, String other) {
			this.jdbc.update("insert into item (name) values (?)", tenant);
			// Through the proxy, as a call from another bean would be.
			return this.proxy.getObject().read(other);
		}

		private String whoami() {
			return this.jdbc.queryForObject("select name from whoami", String.class);
		}

	}

	static class Customers {

		public String shardOf(String customer) {
			return customer.substring(customer.lastIndexOf('-') + 1);
		}

	}

	@Shard("#region")
	static class RegionService {

		private final JdbcTemplate jdbc;

		RegionService(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional(readOnly = true)
		public String read(String region) {
			return this.jdbc.queryForObject("select name from whoami", String.class);
		}

		@Transactional
		public String write(String region) {
			this.jdbc.update("insert into item (name) values (?)", region);
			return this.jdbc.queryForObject("select name from whoami", String.class);
		}

	}

}
