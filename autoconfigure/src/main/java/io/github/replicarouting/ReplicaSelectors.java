package io.github.replicarouting;

import java.time.Clock;
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

	/**
	 * The candidate with the least staleness bound ({@link TargetHealth#stalenessMillis}: the time
	 * since its probes last knew it had every write of the primary), so the one furthest ahead;
	 * the scan starts at a rotating offset so that replicas equally current (caught up in the
	 * same probe round, or with nothing known of them) share the reads in turn.
	 */
	static final class LeastLag implements ReplicaSelector {

		private final AtomicInteger offset = new AtomicInteger();

		private final Clock clock;

		LeastLag(Clock clock) {
			this.clock = clock;
		}

		@Override
		public int select(List<GuardedTarget> candidates) {
			int size = candidates.size();
			int start = Math.floorMod(this.offset.getAndIncrement(), size);
			if (size == 1) {
				return start;
			}
			long now = this.clock.millis();
			int best = start;
			long bestStaleness = candidates.get(start).health().stalenessMillis(now);
			for (int i = 1; i < size; i++) {
				int index = (start + i) % size;
				long staleness = candidates.get(index).health().stalenessMillis(now);
				if (staleness < bestStaleness) {
					best = index;
					bestStaleness = staleness;
				}
			}
			return best;
		}

	}

	/**
	 * Slow start over any strategy: a pick whose {@link TargetHealth#share() share} is below 1
	 * stands with that probability, else the read goes to the next candidate at its full share,
	 * so a replica back in rotation takes its share of reads in proportion to its warmth. With no
	 * warm candidate the pick stands: slow start never sends reads to the primary.
	 */
	static final class SlowStart implements ReplicaSelector {

		private final ReplicaSelector strategy;

		SlowStart(ReplicaSelector strategy) {
			this.strategy = strategy;
		}

		@Override
		public int select(List<GuardedTarget> candidates) {
			int picked = this.strategy.select(candidates);
			double share = candidates.get(picked).health().share();
			if (share >= 1 || ThreadLocalRandom.current().nextDouble() < share) {
				return picked;
			}
			int size = candidates.size();
			for (int i = 1; i < size; i++) {
				int index = (picked + i) % size;
				if (candidates.get(index).health().share() >= 1) {
					return index;
				}
			}
			return picked;
		}

	}

}
