package io.github.replicarouting;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link ReplicaSelector} of each {@link LoadBalancing} strategy. None takes a lock: they run
 * on every read.
 */
final class ReplicaSelectors {

	private ReplicaSelectors() {
	}

	static final class RoundRobin implements ReplicaSelector {

		private final AtomicInteger next = new AtomicInteger();

		@Override
		public int select(List<GuardedTarget> candidates) {
			return Math.floorMod(this.next.getAndIncrement(), candidates.size());
		}

	}

	static final class Random implements ReplicaSelector {

		@Override
		public int select(List<GuardedTarget> candidates) {
			return ThreadLocalRandom.current().nextInt(candidates.size());
		}

	}

	/**
	 * Deterministic weighted round-robin: position {@code n} of a cycle of
	 * {@code sum(weights)} reads goes to the candidate whose cumulative weight covers it, so
	 * the shares are exact over every full cycle, whatever the candidates are at the time.
	 */
	static final class Weighted implements ReplicaSelector {

		private final AtomicInteger next = new AtomicInteger();

		@Override
		public int select(List<GuardedTarget> candidates) {
			int total = 0;
			for (GuardedTarget candidate : candidates) {
				total += candidate.target().weight();
			}
			int position = Math.floorMod(this.next.getAndIncrement(), total);
			for (int i = 0; i < candidates.size(); i++) {
				position -= candidates.get(i).target().weight();
				if (position < 0) {
					return i;
				}
			}
			return candidates.size() - 1;
		}

	}

	/**
	 * The candidate with the fewest connections in use; the scan starts at a rotating offset so
	 * that ties are shared in turn instead of all going to the first replica.
	 */
	static final class LeastInFlight implements ReplicaSelector {

		private final AtomicInteger offset = new AtomicInteger();

		@Override
		public int select(List<GuardedTarget> candidates) {
			int size = candidates.size();
			int start = Math.floorMod(this.offset.getAndIncrement(), size);
			int best = start;
			int bestInFlight = candidates.get(start).target().inFlight();
			for (int i = 1; i < size && bestInFlight > 0; i++) {
				int index = (start + i) % size;
				int inFlight = candidates.get(index).target().inFlight();
				if (inFlight < bestInFlight) {
					best = index;
					bestInFlight = inFlight;
				}
			}
			return best;
		}

	}

}
