package io.github.replicarouting.demo;

import java.util.Map;
import java.util.TreeMap;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingListener;

/**
 * Where the reads of a demo burst went, told by the router. A listener of its own, with no
 * dependencies, since the routing data source takes every listener when it is created.
 */
class BurstRoutes implements RoutingListener {

	private final ThreadLocal<Map<String, Integer>> current = new ThreadLocal<>();

	@Override
	public void onRouted(RoutingDecision decision) {
		Map<String, Integer> routes = this.current.get();
		if (routes != null) {
			routes.merge(decision.target(), 1, Integer::sum);
		}
	}

	/**
	 * Run {@code work} on this thread and count where its connections went.
	 * @param work the reads
	 * @return connections per target
	 */
	Map<String, Integer> record(Runnable work) {
		Map<String, Integer> routes = new TreeMap<>();
		this.current.set(routes);
		try {
			work.run();
			return routes;
		}
		finally {
			this.current.remove();
		}
	}

}
