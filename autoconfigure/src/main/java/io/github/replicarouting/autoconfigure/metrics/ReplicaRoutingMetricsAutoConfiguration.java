package io.github.replicarouting.autoconfigure.metrics;

import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.actuate.FallbackMetrics;
import io.github.replicarouting.actuate.PoolMetrics;
import io.github.replicarouting.actuate.ReplicaRoutingMetrics;
import io.github.replicarouting.autoconfigure.ReplicaRoutingAutoConfiguration;
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
@ConditionalOnBean(ReplicaMonitor.class)
public final class ReplicaRoutingMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReplicaRoutingMetrics replicaRoutingMetrics(ReplicaMonitor monitor, RoutingStatistics statistics) {
		return new ReplicaRoutingMetrics(monitor, statistics);
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
	@ConditionalOnBean(ReplicaRoutingDataSource.class)
	static class FallbackBulkheadMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "replicaRoutingFallbackBulkheadMetrics")
		MeterBinder replicaRoutingFallbackBulkheadMetrics(ReplicaRoutingDataSource dataSource) {
			return (registry) -> dataSource.getFallbackBudget()
				.ifPresent((budget) -> TaggedBulkheadMetrics.ofBulkheadRegistry(budget.registry()).bindTo(registry));
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
		@ConditionalOnMissingBean(name = "replicaRoutingCircuitBreakerMetrics")
		MeterBinder replicaRoutingCircuitBreakerMetrics(ReplicaMonitor monitor) {
			return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(monitor.breakerRegistry());
		}

	}

}
