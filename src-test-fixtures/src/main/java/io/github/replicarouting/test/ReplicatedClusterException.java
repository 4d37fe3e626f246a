package io.github.replicarouting.test;

/**
 * Thrown when a fixture's cluster cannot be set up, started or controlled, whatever the database
 * and backend: a missing binaries artifact or Docker engine, a server that exits or never answers
 * (the message carries the tail of its log), a replica that does not catch up in time.
 */
public class ReplicatedClusterException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message that says what failed and what to do about it.
	 * @param message the detail message
	 */
	public ReplicatedClusterException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message and the failure that caused it.
	 * @param message the detail message
	 * @param cause the underlying failure
	 */
	public ReplicatedClusterException(String message, Throwable cause) {
		super(message, cause);
	}

}
