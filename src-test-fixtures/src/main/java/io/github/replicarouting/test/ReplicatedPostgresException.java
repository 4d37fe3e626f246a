package io.github.replicarouting.test;

/**
 * Thrown when a {@link ReplicatedPostgres} cluster cannot be set up, started or controlled: a
 * missing binaries artifact, a server that exits or never answers (the message carries the tail
 * of its log), a replica that does not catch up in time.
 */
public class ReplicatedPostgresException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message that says what failed and what to do about it.
	 * @param message the detail message
	 */
	public ReplicatedPostgresException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message and the failure that caused it.
	 * @param message the detail message
	 * @param cause the underlying failure
	 */
	public ReplicatedPostgresException(String message, Throwable cause) {
		super(message, cause);
	}

}
