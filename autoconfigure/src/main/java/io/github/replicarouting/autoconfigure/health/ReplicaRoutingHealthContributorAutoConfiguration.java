package io.github.replicarouting.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.github.replicarouting.actuate.ReplicaRoutingHealthIndicator;
import io.github.replicarouting.autoconfigure.ReplicaRoutingAutoConfiguration;
import io.github.replicarouting.autoconfigure.ReplicaRoutingShards;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * Auto-configuration of the {@code replicaRouting} health contributor
 * ({@code management.health.replica-routing.enabled}).
 */
@AutoConfiguration(after = ReplicaRoutingAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("replica-routing")
public final class ReplicaRoutingHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnBean(ReplicaMonitor.class)
	@ConditionalOnMissingBean(name = "replicaRoutingHealthIndicator")
	ReplicaRoutingHealthIndicator replicaRoutingHealthIndicator(ReplicaMonitor monitor) {
		return new ReplicaRoutingHealthIndicator(monitor);
	}

	/**
	 * The {@code replicaRouting} contributor of {@code replica-routing.shards.*}: one component
	 * per shard ({@code replicaRouting/<shard>}), each what the single group's indicator shows.
	 */
	@Bean
	@ConditionalOnBean(ReplicaRoutingShards.class)
	@ConditionalOnMissingBean(name = { "replicaRoutingHealthIndicator", "replicaRoutingHealthContributor" })
	CompositeHealthContributor replicaRoutingHealthContributor(ReplicaRoutingShards shards) {
		return CompositeHealthContributor.fromMap(shards.groups(),
				(group) -> new ReplicaRoutingHealthIndicator(group.monitor()));
	}

}
