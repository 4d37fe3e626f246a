package io.github.replicarouting;

import java.time.Clock;

/**
 * How a read picks one replica among those that may serve it.
 */
public enum LoadBalancing {

	/** Each replica in turn. */
	ROUND_ROBIN {
		@Override
		ReplicaSelector createSelector(Clock clock) {
			return new ReplicaSelectors.RoundRobin();
		}
	},

	/** A replica picked uniformly at random. */
	RANDOM {
		@Override
		ReplicaSelector createSelector(Clock clock) {
			return new ReplicaSelectors.Random();
		}
	},

	/** Each replica in proportion to its {@code weight}. */
	WEIGHTED {
		@Override
		ReplicaSelector createSelector(Clock clock) {
			return new ReplicaSelectors.Weighted();
		}
	},

	/** The replica with the fewest connections in use, ties taken in turn. */
	LEAST_IN_FLIGHT {
		@Override
		ReplicaSelector createSelector(Clock clock) {
			return new ReplicaSelectors.LeastInFlight();
		}
	},

	/**
	 * The replica furthest ahead in the primary's log, as the probes last found (the one most
	 * recently known to have every write), ties taken in turn: for applications whose
	 * {@code @ReadYourWrites} reads should find their writes on a replica as often as can be.
	 */
	LEAST_LAG {
		@Override
		ReplicaSelector createSelector(Clock clock) {
			return new ReplicaSelectors.LeastLag(clock);
		}
	};

	abstract ReplicaSelector createSelector(Clock clock);

}
