package io.github.replicarouting.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

import io.github.replicarouting.ConsistencyScopeResolver;
import io.github.replicarouting.ConsistencyScopes;
import io.github.replicarouting.ReplicaRoutingAdvisor;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.ReplicationPositions;
import io.github.replicarouting.RoutingListener;
import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.ShardAdvisor;
import io.github.replicarouting.ShardKeyResolver;
import io.github.replicarouting.ShardedDataSource;
import io.github.replicarouting.autoconfigure.ReplicaRoutingProperties.Shard;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicationDialect;

/**
 * {@code replica-routing.shards.*}: each shard's group built by the code that builds the single
 * group, and a {@link ShardedDataSource} in front that takes each connection from the group of
 * the current work.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnShardsConfiguredCondition.class)
class ShardedReplicaRoutingConfiguration {

	@Bean
	@ConditionalOnMissingBean(DataSource.class)
	ReplicaRoutingShards replicaRoutingShards(ReplicaRoutingProperties properties, ReplicationPositions positions,
			ObjectProvider<ReplicationDialect> dialects, ObjectProvider<RoutingListener> listeners,
			ObjectProvider<ConsistencyScopeResolver> scopeResolver,
			ObjectProvider<ReplicaRoutingDataSourceBuilderCustomizer> customizers,
			ReplicaRoutingStartup replicaRoutingShardsStartup) {
		ReplicaRoutingConfigurationValidator.validateShards(properties);
		List<ReplicationDialect> dialectList = dialects.orderedStream().toList();
		// The shared RoutingStatistics counts by target name, and every shard has a "primary":
		// each shard counts on its own.
		List<RoutingListener> applicationListeners = listeners.orderedStream()
			.filter((listener) -> !(listener instanceof RoutingStatistics))
			.toList();
		Map<String, ReplicaRoutingShards.Group> groups = new LinkedHashMap<>();
		properties.getShards().forEach((name, shard) -> {
			ReplicaRoutingTargets targets = targets(name, shard, properties);
			ReplicaMonitor monitor = ReplicaRoutingAutoConfiguration.monitor(targets, properties,
					breakers(name, properties), positions, dialectList);
			RoutingStatistics statistics = new RoutingStatistics();
			ReplicaRoutingDataSource.Builder builder = ReplicaRoutingAutoConfiguration.builder(targets, properties,
					positions, monitor);
			// One record per shard in each scope: a write on one shard makes no read of another wait.
			builder.consistencyScopeResolver(
					ConsistencyScopes.forShard(scopeResolver.getIfAvailable(ConsistencyScopes::new), name));
			builder.listener(statistics);
			applicationListeners.forEach(builder::listener);
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			ReplicaRoutingDataSource dataSource = builder.build();
			replicaRoutingShardsStartup.starts(dataSource, monitor);
			groups.put(name, new ReplicaRoutingShards.Group(name, dataSource, monitor, statistics));
		});
		return new ReplicaRoutingShards(groups);
	}

	/**
	 * A registry per shard: breakers are named after targets, and names repeat across shards.
	 */
	private static CircuitBreakerRegistry breakers(String shard, ReplicaRoutingProperties properties) {
		return CircuitBreakerRegistry.of(
				Map.of("default", ReplicaRoutingAutoConfiguration.circuitBreakerConfig(properties.getHealth().getCircuitBreaker())),
				Map.of("shard", shard));
	}

	private static ReplicaRoutingTargets targets(String name, Shard shard, ReplicaRoutingProperties properties) {
		ReplicaRoutingProperties.Primary primary = shard.getPrimary();
		String url = primary.getUrl();
		PrimaryConnection connection = new PrimaryConnection(url, primary.getUsername(), primary.getPassword(),
				primary.getDriverClassName(), PrimaryConnection.Source.REPLICA_ROUTING);
		return ReplicaRoutingAutoConfiguration.targets(connection, (url != null) ? url : "", primary.getHikari(),
				shard.getReplicas(), properties, "replica-routing.shards." + name, "replica-routing-" + name + "-");
	}

	@Bean
	@ConditionalOnBean(ReplicaRoutingShards.class)
	ShardedDataSource dataSource(ReplicaRoutingShards shards, ReplicaRoutingProperties properties,
			ObjectProvider<ShardKeyResolver> resolver) {
		Map<String, ReplicaRoutingDataSource> dataSources = new LinkedHashMap<>();
		shards.groups().forEach((name, group) -> dataSources.put(name, group.dataSource()));
		return new ShardedDataSource(dataSources, properties.getDefaultShard(), resolver.getIfUnique());
	}

	@Bean
	static ReplicaRoutingStartup replicaRoutingShardsStartup(ObjectProvider<ReplicaMonitor> monitor,
			ObjectProvider<ReplicaRoutingAdvisor> advisor, ObjectProvider<ReplicationPositions> positions,
			ListableBeanFactory beans) {
		return new ReplicaRoutingStartup(monitor, advisor, positions, beans);
	}

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ShardAdvisor replicaRoutingShardAdvisor() {
		return new ShardAdvisor();
	}

}
