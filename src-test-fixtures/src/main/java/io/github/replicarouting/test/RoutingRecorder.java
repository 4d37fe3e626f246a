package io.github.replicarouting.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingListener;

/**
 * Records where every connection was routed, for assertions with
 * {@link RoutingAssertions#assertThat(RoutingRecorder)}. Register it as a bean (for example with
 * {@code @Import(RoutingRecorder.class)}) and the routing library reports to it; it is safe to
 * use from many threads.
 */
public final class RoutingRecorder implements RoutingListener {

	private final List<RoutingDecision> decisions = new ArrayList<>();

	@Override
	public void onRouted(RoutingDecision decision) {
		synchronized (this.decisions) {
			this.decisions.add(decision);
		}
	}

	/**
	 * Every decision recorded since creation or the last {@link #clear()}, oldest first.
	 * @return a snapshot of the decisions
	 */
	public List<RoutingDecision> decisions() {
		synchronized (this.decisions) {
			return List.copyOf(this.decisions);
		}
	}

	/**
	 * How many connections went to each target, in order of each target's first use.
	 * @return counts by target name
	 */
	public Map<String, Long> targets() {
		Map<String, Long> counts = new LinkedHashMap<>();
		decisions().forEach((decision) -> counts.merge(decision.target(), 1L, Long::sum));
		return counts;
	}

	/**
	 * Forgets every recorded decision, typically before the action a test asserts on.
	 */
	public void clear() {
		synchronized (this.decisions) {
			this.decisions.clear();
		}
	}

	@Override
	public String toString() {
		return describe(decisions());
	}

	/** For failure messages: each decision with its reason and transaction. */
	static String describe(List<RoutingDecision> decisions) {
		if (decisions.isEmpty()) {
			return "no routing decisions";
		}
		List<String> lines = new ArrayList<>();
		for (RoutingDecision decision : decisions) {
			String transaction = (decision.transactionName() != null) ? ", " + decision.transactionName() : "";
			lines.add("  " + decision.target() + " (" + decision.reason().tag() + transaction + ")");
		}
		return decisions.size() + " routing decision(s):\n" + String.join("\n", lines);
	}

}
