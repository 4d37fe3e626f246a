package io.github.replicarouting;

/**
 * Whether writes follow a node that another system (Patroni, MHA, a managed service) promoted:
 * {@code replica-routing.failover.mode}.
 */
public enum FailoverMode {

	/**
	 * Writes go to the configured primary only; while it is down or read-only they fail at once.
	 */
	NONE,

	/**
	 * The configured primary and replicas are the nodes: when exactly one of them takes writes for
	 * {@code failover.confirmations} probe rounds in a row, writes go there and the others serve
	 * reads; when two distinct servers take writes, writes fail with {@link SplitBrainException}.
	 */
	FOLLOW

}
