package io.github.replicarouting;

import java.sql.SQLNonTransientConnectionException;

/**
 * Two distinct servers take writes at once (split brain), as their probes found them: a write
 * goes to neither, since whatever it wrote could be lost when the orchestrator fences one of
 * them. Reads on replicas go on. Thrown by {@code failover.mode: follow} until only one node takes
 * writes; the message names both nodes. Spring's JDBC exception translation makes it a
 * {@code DataAccessResourceFailureException} with this as its cause.
 */
public class SplitBrainException extends SQLNonTransientConnectionException {

	/** One of the two nodes that take writes. */
	private final String first;

	/** The other one. */
	private final String second;

	/**
	 * Create the exception.
	 * @param first the name of one writable node
	 * @param second the name of the other
	 */
	public SplitBrainException(String first, String second) {
		super("Split brain: " + first + " and " + second + " both take writes and are distinct servers; a write "
				+ "goes to neither until only one does (fence the other one). Reads on replicas go on", "08004");
		this.first = first;
		this.second = second;
	}

	/**
	 * One writable node.
	 * @return its name
	 */
	public String first() {
		return this.first;
	}

	/**
	 * The other writable node.
	 * @return its name
	 */
	public String second() {
		return this.second;
	}

}
