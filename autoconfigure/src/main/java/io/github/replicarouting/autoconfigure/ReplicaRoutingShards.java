package io.github.replicarouting.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * The primary+replica groups of {@code replica-routing.shards.*}, each built as the single group
 * is, with its own pools, monitor (probes, breakers, failover), fallback budget and routing
 * counts: what the sharded data source routes over, and what health, the endpoint and metrics
 * report per shard.
 */
public final class ReplicaRoutingShards implements AutoCloseable {

	private final Map<String, Group> groups;

	ReplicaRoutingShards(Map<String, Group> groups) {
		this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
	}

	/**
	 * The groups by shard name.
	 * @return the groups, in configuration order
	 */
	public Map<String, Group> groups() {
		return this.groups;
	}

	/**
	 * Stops every group's probes; the pools close with the sharded data source.
	 */
	@Override
	public void close() {
		this.groups.values().forEach((group) -> group.monitor().close());
	}

	/**
	 * One shard's group.
	 * @param name the shard's name
	 * @param dataSource its routing data source
	 * @param monitor the health of its targets
	 * @param statistics its routing counts
	 */
	public record Group(String name, ReplicaRoutingDataSource dataSource, ReplicaMonitor monitor,
			RoutingStatistics statistics) {

	}

}
