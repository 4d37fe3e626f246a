package io.github.replicarouting.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * The {@code replicarouting} endpoint: reading shows the topology (every target's state, lag,
 * breaker and pool; in {@code failover.mode: follow}, which node takes writes and the last
 * failover), how many connections went where and why, the read-only candidates (named read-write
 * transactions that have never written, with how many ran: mark them {@code readOnly = true} and
 * their reads go to replicas), and the diagnostics: set-ups known to misroute that the routing
 * doctor found; writing ejects a replica from
 * rotation or readmits it ({@code {"action": "eject"}} or {@code "readmit"}). Writing is off
 * unless {@code management.endpoint.replicarouting.access} is {@code unrestricted}.
 */
@Endpoint(id = "replicarouting", defaultAccess = Access.READ_ONLY)
public class ReplicaRoutingEndpoint {

	private final ReplicaMonitor monitor;

	private final RoutingStatistics statistics;

	private final Supplier<Map<String, String>> diagnostics;

	/**
	 * Create the endpoint.
	 * @param monitor the replicas' health
	 * @param statistics the routing counts
	 */
	public ReplicaRoutingEndpoint(ReplicaMonitor monitor, RoutingStatistics statistics) {
		this(monitor, statistics, Map::of);
	}

	/**
	 * Create the endpoint.
	 * @param monitor the replicas' health
	 * @param statistics the routing counts
	 * @param diagnostics the set-ups known to misroute that were found, by check
	 */
	public ReplicaRoutingEndpoint(ReplicaMonitor monitor, RoutingStatistics statistics,
			Supplier<Map<String, String>> diagnostics) {
		this.monitor = monitor;
		this.statistics = statistics;
		this.diagnostics = diagnostics;
	}

	/**
	 * The topology and the routing counts.
	 * @return a description of every target
	 */
	@ReadOperation
	public Map<String, Object> topology() {
		Map<String, Object> topology = new LinkedHashMap<>();
		topology.put("primary", TargetDetails.primary(this.monitor.primary()));
		topology.put("replicas", TargetDetails.replicas(this.monitor));
		this.monitor.failover().ifPresent((failover) -> topology.put("failover", TargetDetails.failover(failover)));
		topology.put("routes", this.statistics.snapshot());
		topology.put("readOnlyCandidates", this.statistics.readOnlyCandidates());
		topology.put("diagnostics", this.diagnostics.get());
		return topology;
	}

	/**
	 * One replica.
	 * @param name the replica's name
	 * @return its description, or 404 when there is no such replica
	 */
	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> replica(@Selector String name) {
		Optional<ReplicaHealth> replica = this.monitor.replica(name);
		return replica.map((health) -> new WebEndpointResponse<>(TargetDetails.replica(health)))
			.orElseGet(() -> notFound(name));
	}

	/**
	 * Eject a replica from rotation, or readmit it.
	 * @param name the replica's name
	 * @param action {@code eject} or {@code readmit}
	 * @return the replica's description after the change; 404 for an unknown replica, 400 for
	 * an unknown action
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> change(@Selector String name, @Nullable String action) {
		Optional<ReplicaHealth> replica = this.monitor.replica(name);
		if (replica.isEmpty()) {
			return notFound(name);
		}
		if ("eject".equals(action)) {
			replica.get().eject();
		}
		else if ("readmit".equals(action)) {
			replica.get().readmit();
		}
		else {
			return new WebEndpointResponse<>(Map.of("message",
					"Unknown action '" + action + "': send {\"action\": \"eject\"} or {\"action\": \"readmit\"}"),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return new WebEndpointResponse<>(TargetDetails.replica(replica.get()));
	}

	private WebEndpointResponse<Map<String, Object>> notFound(String name) {
		return new WebEndpointResponse<>(Map.of("message", "No replica named '" + name + "'; replicas are "
				+ this.monitor.replicas().stream().map((health) -> health.target().name()).toList()),
				WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
