package io.github.replicarouting;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts routing decisions by target and reason: the one listener on the routing path that
 * metrics and the Actuator endpoint read from, so that neither costs anything per transaction
 * beyond an uncontended increment.
 */
public final class RoutingStatistics implements RoutingListener {

	private static final RoutingReason[] REASONS = RoutingReason.values();

	private final Map<String, LongAdder[]> counts = new ConcurrentHashMap<>();

	@Override
	public void onRouted(RoutingDecision decision) {
		counters(decision.target())[decision.reason().ordinal()].increment();
	}

	/**
	 * How many connections went to {@code target} for {@code reason}.
	 * @param target the target name
	 * @param reason the reason
	 * @return the count so far
	 */
	public long count(String target, RoutingReason reason) {
		return counters(target)[reason.ordinal()].sum();
	}

	/**
	 * Every count so far, by target, then by reason tag; zero counts left out.
	 * @return the counts
	 */
	public Map<String, Map<String, Long>> snapshot() {
		Map<String, Map<String, Long>> snapshot = new TreeMap<>();
		this.counts.forEach((target, counters) -> {
			Map<String, Long> byReason = new TreeMap<>();
			for (RoutingReason reason : REASONS) {
				long count = counters[reason.ordinal()].sum();
				if (count > 0) {
					byReason.put(reason.tag(), count);
				}
			}
			snapshot.put(target, byReason);
		});
		return snapshot;
	}

	private LongAdder[] counters(String target) {
		LongAdder[] counters = this.counts.get(target);
		return (counters != null) ? counters : this.counts.computeIfAbsent(target, (key) -> {
			LongAdder[] created = new LongAdder[REASONS.length];
			for (int i = 0; i < created.length; i++) {
				created[i] = new LongAdder();
			}
			return created;
		});
	}

}
