package io.github.replicarouting;

import java.util.List;

/**
 * Picks the replica that serves a read among the candidates, those that may serve it now.
 */
@FunctionalInterface
interface ReplicaSelector {

	/**
	 * Pick one candidate.
	 * @param candidates the replicas that may serve the read, never empty
	 * @return the index of the chosen candidate
	 */
	int select(List<GuardedTarget> candidates);

}
