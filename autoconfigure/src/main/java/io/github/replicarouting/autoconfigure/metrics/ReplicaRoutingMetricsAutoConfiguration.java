package io.github.replicarouting.autoconfigure.metrics;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.actuate.PoolMetrics;
import io.github.replicarouting.actuate.ReplicaRoutingMetrics;
import io.github.replicarouting.autoconfigure.ReplicaRoutingAutoConfiguration;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * Auto-configuration of replica routing's Micrometer metrics, HikariCP's metrics for every
 * target's pool, and Resilience4j's metrics for
 * the replicas' circuit breakers when {@code resilience4j-micrometer} is present.
 */
@AutoConfiguration(after = ReplicaRoutingAutoConfiguration.class)
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

	/**
	 * Metrics of the breakers when they live in the library's own registry; an application's
	 * {@link CircuitBreakerRegistry} has its metrics bound by Resilience4j's own integration.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TaggedCircuitBreakerMetrics.class)
	@ConditionalOnMissingBean(CircuitBreakerRegistry.class)
	static class CircuitBreakerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "replicaRoutingCircuitBreakerMetrics")
		MeterBinder replicaRoutingCircuitBreakerMetrics(ReplicaMonitor monitor) {
			return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(monitor.breakerRegistry());
		}

	}

}
