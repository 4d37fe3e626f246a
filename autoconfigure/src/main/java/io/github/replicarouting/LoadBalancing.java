package io.github.replicarouting;

/**
 * How a read picks one replica among those that may serve it.
 */
public enum LoadBalancing {

	/** Each replica in turn. */
	ROUND_ROBIN {
		@Override
		ReplicaSelector createSelector() {
			return new ReplicaSelectors.RoundRobin();
		}
	},

	/** A replica picked uniformly at random. */
	RANDOM {
		@Override
		ReplicaSelector createSelector() {
			return new ReplicaSelectors.Random();
		}
	},

	/** Each replica in proportion to its {@code weight}. */
	WEIGHTED {
		@Override
		ReplicaSelector createSelector() {
			return new ReplicaSelectors.Weighted();
		}
	},

	/** The replica with the fewest connections in use, ties taken in turn. */
	LEAST_IN_FLIGHT {
		@Override
		ReplicaSelector createSelector() {
			return new ReplicaSelectors.LeastInFlight();
		}
	};

	abstract ReplicaSelector createSelector();

}
