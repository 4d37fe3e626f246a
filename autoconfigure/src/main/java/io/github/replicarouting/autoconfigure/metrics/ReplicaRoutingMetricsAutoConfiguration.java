package io.github.replicarouting.autoconfigure.metrics;

import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.actuate.FallbackMetrics;
import io.github.replicarouting.actuate.PoolMetrics;
import io.github.replicarouting.actuate.ReplicaRoutingMetrics;
import io.github.replicarouting.autoconfigure.ReplicaRoutingAutoConfiguration;
import io.github.replicarouting.autoconfigure.ReplicaRoutingShards;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * Auto-configuration of replica routing's Micrometer metrics, HikariCP's metrics for every
 * target's pool, and Resilience4j's metrics for the replicas' circuit breakers when
 * {@code resilience4j-micrometer} is present (the starter brings it).
 */
@AutoConfiguration(after = ReplicaRoutingAutoConfiguration.class, afterName = {
		"io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerMetricsAutoConfiguration",
		"io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerMetricsAutoConfiguration" })
@ConditionalOnClass(MeterBinder.class)
@Conditional(ReplicaRoutingMetricsAutoConfiguration.OnRoutingGroups.class)
public final class ReplicaRoutingMetricsAutoConfiguration {

	@Bean
	@ConditionalOnBean(ReplicaMonitor.class)
	@ConditionalOnMissingBean
	ReplicaRoutingMetrics replicaRoutingMetrics(ReplicaMonitor monitor, RoutingStatistics statistics) {
		return new ReplicaRoutingMetrics(monitor, statistics);
	}

	/**
	 * The metrics of {@code replica-routing.shards.*}: each shard's as the single group's, every
	 * meter tagged {@code shard=<name>}.
	 */
	@Bean
	@ConditionalOnBean(ReplicaRoutingShards.class)
	@ConditionalOnMissingBean(name = "replicaRoutingShardMetrics")
	MeterBinder replicaRoutingShardMetrics(ReplicaRoutingShards shards) {
		return (registry) -> shards.groups().forEach((name, group) -> {
			Tags tags = Tags.of("shard", name);
			new ReplicaRoutingMetrics(group.monitor(), group.statistics(), tags).bindTo(registry);
			new FallbackMetrics(group.dataSource(), tags).bindTo(registry);
		});
	}

	@Bean
	@ConditionalOnMissingBean
	static PoolMetrics replicaRoutingPoolMetrics() {
		return new PoolMetrics();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ReplicaRoutingDataSource.class)
	FallbackMetrics replicaRoutingFallbackMetrics(ReplicaRoutingDataSource dataSource) {
		return new FallbackMetrics(dataSource);
	}

	/**
	 * Resilience4j's metrics of the fallback budget's bulkhead, in a registry of its own: an
	 * application's bulkhead metrics never count it twice.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TaggedBulkheadMetrics.class)
	static class FallbackBulkheadMetricsConfiguration {

		@Bean
		@ConditionalOnBean(ReplicaRoutingDataSource.class)
		@ConditionalOnMissingBean(name = "replicaRoutingFallbackBulkheadMetrics")
		MeterBinder replicaRoutingFallbackBulkheadMetrics(ReplicaRoutingDataSource dataSource) {
			return (registry) -> dataSource.getFallbackBudget()
				.ifPresent((budget) -> TaggedBulkheadMetrics.ofBulkheadRegistry(budget.registry()).bindTo(registry));
		}

		/**
		 * Each shard's budget is a bulkhead of the same name in a registry of its own: bound
		 * through a composite that tags its meters {@code shard=<name>}.
		 */
		@Bean
		@ConditionalOnBean(ReplicaRoutingShards.class)
		@ConditionalOnMissingBean(name = "replicaRoutingFallbackBulkheadMetrics")
		MeterBinder replicaRoutingShardFallbackBulkheadMetrics(ReplicaRoutingShards shards) {
			return (registry) -> shards.groups().forEach((name, group) -> group.dataSource()
				.getFallbackBudget()
				.ifPresent((budget) -> {
					CompositeMeterRegistry shard = new CompositeMeterRegistry();
					shard.config().commonTags("shard", name);
					shard.add(registry);
					TaggedBulkheadMetrics.ofBulkheadRegistry(budget.registry()).bindTo(shard);
				}));
		}

	}

	/**
	 * Metrics of the registry the replicas' breakers are in (the library's own, or the
	 * application's {@code CircuitBreakerRegistry}), unless the application already binds
	 * Resilience4j's metrics, as Resilience4j's Spring Boot integration does: binding them twice
	 * would count every call twice.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TaggedCircuitBreakerMetrics.class)
	@ConditionalOnMissingBean({ TaggedCircuitBreakerMetrics.class, TaggedCircuitBreakerMetricsPublisher.class })
	static class CircuitBreakerMetricsConfiguration {

		@Bean
		@ConditionalOnBean(ReplicaMonitor.class)
		@ConditionalOnMissingBean(name = "replicaRoutingCircuitBreakerMetrics")
		MeterBinder replicaRoutingCircuitBreakerMetrics(ReplicaMonitor monitor) {
			return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(monitor.breakerRegistry());
		}

		/**
		 * Each shard's breakers are in a registry of their own, tagged {@code shard=<name>}.
		 */
		@Bean
		@ConditionalOnBean(ReplicaRoutingShards.class)
		@ConditionalOnMissingBean(name = "replicaRoutingCircuitBreakerMetrics")
		MeterBinder replicaRoutingShardCircuitBreakerMetrics(ReplicaRoutingShards shards) {
			return (registry) -> shards.groups()
				.values()
				.forEach((group) -> TaggedCircuitBreakerMetrics
					.ofCircuitBreakerRegistry(group.monitor().breakerRegistry())
					.bindTo(registry));
		}

	}

	/**
	 * A single group ({@link ReplicaMonitor}) or shards ({@link ReplicaRoutingShards}).
	 */
	static final class OnRoutingGroups extends AnyNestedCondition {

		OnRoutingGroups() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(ReplicaMonitor.class)
		static final class SingleGroup {

		}

		@ConditionalOnBean(ReplicaRoutingShards.class)
		static final class Shards {

		}

	}

}
