package io.github.replicarouting;

/**
 * Where work outside any transaction goes.
 */
public enum NonTransactionalReads {

	/** Everything outside a transaction runs on the primary. */
	PRIMARY,

	/**
	 * A connection outside a transaction whose first statement only reads goes to a replica; one
	 * whose first statement writes, calls a procedure, locks rows ({@code FOR UPDATE},
	 * {@code FOR SHARE}) or uses a sequence ({@code nextval}), or that is used without a
	 * statement, goes to the primary.
	 */
	REPLICA

}
