package io.github.replicarouting.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.actuate.ReplicaRoutingEndpoint;
import io.github.replicarouting.actuate.ShardedReplicaRoutingEndpoint;
import io.github.replicarouting.autoconfigure.ReplicaRoutingAutoConfiguration;
import io.github.replicarouting.autoconfigure.ReplicaRoutingDoctor;
import io.github.replicarouting.autoconfigure.ReplicaRoutingShards;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * Auto-configuration of the {@code replicarouting} Actuator endpoint.
 */
@AutoConfiguration(after = ReplicaRoutingAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(ReplicaRoutingEndpoint.class)
public final class ReplicaRoutingEndpointAutoConfiguration {

	@Bean
	@ConditionalOnBean(ReplicaMonitor.class)
	@ConditionalOnMissingBean
	ReplicaRoutingEndpoint replicaRoutingEndpoint(ReplicaMonitor monitor, RoutingStatistics statistics,
			ObjectProvider<ReplicaRoutingDoctor> doctor) {
		return new ReplicaRoutingEndpoint(monitor, statistics, () -> {
			ReplicaRoutingDoctor found = doctor.getIfAvailable();
			return (found != null) ? found.diagnostics() : Map.of();
		});
	}

	/**
	 * The endpoint of {@code replica-routing.shards.*}: each shard's group as the single group's
	 * endpoint shows it.
	 */
	@Bean
	@ConditionalOnBean(ReplicaRoutingShards.class)
	@ConditionalOnMissingBean({ ReplicaRoutingEndpoint.class, ShardedReplicaRoutingEndpoint.class })
	ShardedReplicaRoutingEndpoint shardedReplicaRoutingEndpoint(ReplicaRoutingShards shards) {
		Map<String, ReplicaRoutingEndpoint> endpoints = new LinkedHashMap<>();
		shards.groups()
			.forEach((name, group) -> endpoints.put(name, new ReplicaRoutingEndpoint(group.monitor(), group.statistics())));
		return new ShardedReplicaRoutingEndpoint(endpoints);
	}

}
