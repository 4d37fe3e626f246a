package io.github.replicarouting;

/**
 * How {@code @ReadYourWrites} reads find a target that has their scope's writes.
 */
public enum ReadYourWritesMode {

	/** After a write, the scope's reads go to the primary for a fixed window. */
	WINDOW,

	/**
	 * After a write, the scope remembers the primary's log position; its reads go to a replica
	 * that has replayed up to it, else to the primary.
	 */
	CAUSAL

}
