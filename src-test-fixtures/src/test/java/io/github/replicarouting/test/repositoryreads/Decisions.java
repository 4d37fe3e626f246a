package io.github.replicarouting.test.repositoryreads;

import java.util.ArrayList;
import java.util.List;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingListener;

/**
 * Every routing decision the current thread got since it last asked, so that a request can tell
 * which of its calls routed where, and which calls routed nothing (they kept a connection).
 */
class Decisions implements RoutingListener {

	private final ThreadLocal<List<RoutingDecision>> decisions = ThreadLocal.withInitial(ArrayList::new);

	@Override
	public void onRouted(RoutingDecision decision) {
		this.decisions.get().add(decision);
	}

	/**
	 * The current thread's decisions, forgotten by this call.
	 * @return the decisions, oldest first
	 */
	List<RoutingDecision> take() {
		List<RoutingDecision> taken = List.copyOf(this.decisions.get());
		this.decisions.remove();
		return taken;
	}

}
