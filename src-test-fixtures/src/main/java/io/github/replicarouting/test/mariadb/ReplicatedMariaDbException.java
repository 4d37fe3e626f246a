package io.github.replicarouting.test.mariadb;

/**
 * Thrown when a {@link ReplicatedMariaDb} cluster cannot be set up, started or controlled: a
 * missing binaries artifact, a server that exits or never answers (the message carries the tail
 * of its log), a replica that does not catch up in time.
 */
public class ReplicatedMariaDbException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message that says what failed and what to do about it.
	 * @param message the detail message
	 */
	public ReplicatedMariaDbException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message and the failure that caused it.
	 * @param message the detail message
	 * @param cause the underlying failure
	 */
	public ReplicatedMariaDbException(String message, Throwable cause) {
		super(message, cause);
	}

}
