package io.github.replicarouting.test.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.replicarouting.RoutingDecision;

/**
 * The nodes of a cluster by name, in start order: {@code primary}, {@code replica-1}, ...; and
 * the {@code replica-routing.*} properties that point the routing library at them.
 *
 * @param <N> the fixture's node type
 */
public final class ClusterNodes<N> {

	private final Map<String, N> nodes = new LinkedHashMap<>();

	public void add(String name, N node) {
		this.nodes.put(name, node);
	}

	public N primary() {
		return node(RoutingDecision.PRIMARY);
	}

	public List<N> replicas() {
		return this.nodes.entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().equals(RoutingDecision.PRIMARY))
			.map(Map.Entry::getValue)
			.toList();
	}

	/**
	 * Any node by name, the primary included.
	 * @throws IllegalArgumentException if there is no node of that name
	 */
	public N node(String name) {
		N node = this.nodes.get(name);
		if (node == null) {
			throw new IllegalArgumentException("No node '" + name + "'; the nodes are " + this.nodes.keySet());
		}
		return node;
	}

	public Set<String> names() {
		return this.nodes.keySet();
	}

	public List<String> replicaNames() {
		List<String> names = new ArrayList<>(this.nodes.keySet());
		names.remove(RoutingDecision.PRIMARY);
		return names;
	}

	public Collection<N> all() {
		return this.nodes.values();
	}

	/**
	 * Runs {@code action} on every node at once and waits for all: stopping a cluster node by
	 * node would take as many times as long.
	 */
	public void forEachAtOnce(Consumer<N> action) {
		Parallel.forEach(this.nodes.values(), action);
	}

	/**
	 * The primary's URL and credentials and each replica's URL, in a stable order.
	 * @param jdbcUrl a node's JDBC URL
	 * @param username the application's user
	 * @param password the application's password
	 */
	public Map<String, String> routingProperties(Function<N, String> jdbcUrl, String username, String password) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("replica-routing.primary.url", jdbcUrl.apply(primary()));
		properties.put("replica-routing.primary.username", username);
		properties.put("replica-routing.primary.password", password);
		this.nodes.forEach((name, node) -> {
			if (!name.equals(RoutingDecision.PRIMARY)) {
				properties.put("replica-routing.replicas." + name + ".url", jdbcUrl.apply(node));
			}
		});
		return properties;
	}

	@Override
	public String toString() {
		return this.nodes.values().toString();
	}

}
