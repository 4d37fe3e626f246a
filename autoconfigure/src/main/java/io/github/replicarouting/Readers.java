package io.github.replicarouting;

import java.util.ArrayList;
import java.util.List;

/**
 * The nodes that may serve reads (the configured replicas, and in follow mode the primary as a
 * reader), and which of them may serve a given read now: by their health, by what a
 * read-your-writes read needs, and within a {@code @MaxStaleness} bound.
 */
final class Readers {

	private final List<GuardedTarget> all;

	private final List<GuardedTarget> replicas;

	private final ReplicaSelector selector;

	private final ReadYourWritesPolicy readYourWrites;

	Readers(List<GuardedTarget> all, ReplicaSelector selector, ReadYourWritesPolicy readYourWrites) {
		this.all = List.copyOf(all);
		this.replicas = this.all.stream().filter((reader) -> !reader.target().isPrimary()).toList();
		this.selector = selector;
		this.readYourWrites = readYourWrites;
	}

	/** Every reader, whatever its health. */
	List<GuardedTarget> all() {
		return this.all;
	}

	/** The configured replicas. */
	List<GuardedTarget> replicas() {
		return this.replicas;
	}

	/** Where among {@code candidates} a read starts, as the load balancer picks. */
	int select(List<GuardedTarget> candidates) {
		return this.selector.select(candidates);
	}

	/**
	 * The readers whose health lets them serve a read now; the list of all itself when all may,
	 * so that the common case allocates nothing.
	 */
	List<GuardedTarget> candidates() {
		for (int i = 0; i < this.all.size(); i++) {
			if (!this.all.get(i).isCandidate()) {
				List<GuardedTarget> some = new ArrayList<>(this.all.size());
				for (GuardedTarget reader : this.all) {
					if (reader.isCandidate()) {
						some.add(reader);
					}
				}
				return some;
			}
		}
		return this.all;
	}

	/** The candidates that show what a read-your-writes read needs, when it is a window. */
	List<GuardedTarget> candidates(Freshness freshness) {
		List<GuardedTarget> candidates = candidates();
		return (freshness instanceof Freshness.NoStalerThan bound) ? this.readYourWrites.freshEnough(candidates, bound)
				: candidates;
	}

	/** The candidates within the destination's staleness bound, if it has one. */
	List<GuardedTarget> bounded(List<GuardedTarget> candidates, Destination destination) {
		return destination.isBounded() ? this.readYourWrites.freshEnough(candidates, destination.maxStalenessMillis())
				: candidates;
	}

	/**
	 * The candidates known, without taking a connection, to serve the read {@code destination}
	 * describes: for a causal read, those whose probes saw its position.
	 */
	List<GuardedTarget> known(Destination destination) {
		List<GuardedTarget> candidates = candidates(destination.freshness());
		if (destination.freshness() instanceof Freshness.Replayed replayed) {
			candidates = candidates.stream()
				.filter((reader) -> reader.health().replayedPosition() >= replayed.position())
				.toList();
		}
		return bounded(candidates, destination);
	}

}
