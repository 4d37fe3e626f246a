package io.github.replicarouting.health;

/**
 * The state of a replica as health, the endpoint and routing see it. Only {@link #UP} serves
 * reads (and {@link #CIRCUIT_HALF_OPEN}, for its trial calls).
 */
public enum ReplicaState {

	/** Reachable, read-only and fresh enough: serves reads. */
	UP,

	/** Its circuit breaker is open: failing, or not yet answered since startup. */
	CIRCUIT_OPEN,

	/** Its circuit breaker lets a few trial calls through to see whether it recovered. */
	CIRCUIT_HALF_OPEN,

	/** Further behind the primary than {@code replica-routing.max-replication-lag}. */
	LAGGING,

	/** Reports itself writable, so it is no replica (promoted, or misconfigured). */
	ROLE_MISMATCH,

	/** Taken out of rotation by an operator. */
	EJECTED

}
