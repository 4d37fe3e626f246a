package io.github.replicarouting.actuate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code replicarouting} endpoint of a sharded application ({@code replica-routing.shards.*}):
 * what {@link ReplicaRoutingEndpoint} shows of one group, under {@code shards.<name>};
 * {@code /replicarouting/<shard>} shows one shard, {@code /replicarouting/<shard>/<replica>} one
 * replica, which writing ejects or readmits.
 */
@Endpoint(id = "replicarouting", defaultAccess = Access.READ_ONLY)
public class ShardedReplicaRoutingEndpoint {

	private final Map<String, ReplicaRoutingEndpoint> shards;

	/**
	 * Create the endpoint.
	 * @param shards each shard's endpoint, by shard name
	 */
	public ShardedReplicaRoutingEndpoint(Map<String, ReplicaRoutingEndpoint> shards) {
		this.shards = Collections.unmodifiableMap(new LinkedHashMap<>(shards));
	}

	/**
	 * Every shard's topology and routing counts.
	 * @return a description of every shard
	 */
	@ReadOperation
	public Map<String, Object> topology() {
		Map<String, Object> shards = new LinkedHashMap<>();
		this.shards.forEach((name, endpoint) -> shards.put(name, endpoint.topology()));
		return Map.of("shards", shards);
	}

	/**
	 * One shard.
	 * @param shard the shard's name
	 * @return its description, or 404 when there is no such shard
	 */
	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> shard(@Selector String shard) {
		ReplicaRoutingEndpoint endpoint = this.shards.get(shard);
		return (endpoint != null) ? new WebEndpointResponse<>(endpoint.topology()) : notFound(shard);
	}

	/**
	 * One replica of a shard.
	 * @param shard the shard's name
	 * @param name the replica's name
	 * @return its description, or 404 when there is no such shard or replica
	 */
	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> replica(@Selector String shard, @Selector String name) {
		ReplicaRoutingEndpoint endpoint = this.shards.get(shard);
		return (endpoint != null) ? endpoint.replica(name) : notFound(shard);
	}

	/**
	 * Eject a replica of a shard from rotation, or readmit it.
	 * @param shard the shard's name
	 * @param name the replica's name
	 * @param action {@code eject} or {@code readmit}
	 * @return the replica's description after the change; 404 for an unknown shard or replica,
	 * 400 for an unknown action
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> change(@Selector String shard, @Selector String name,
			@Nullable String action) {
		ReplicaRoutingEndpoint endpoint = this.shards.get(shard);
		return (endpoint != null) ? endpoint.change(name, action) : notFound(shard);
	}

	private WebEndpointResponse<Map<String, Object>> notFound(String shard) {
		return new WebEndpointResponse<>(
				Map.of("message", "No shard named '" + shard + "'; shards are " + this.shards.keySet()),
				WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
