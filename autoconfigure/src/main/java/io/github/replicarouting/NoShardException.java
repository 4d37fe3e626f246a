package io.github.replicarouting;

/**
 * Thrown when work takes a connection from a sharded data source and no shard is known for it
 * ({@link Shard @Shard}, a {@link ShardKeyResolver}, {@code replica-routing.default-shard}), or
 * the shard it names is not configured.
 */
public class NoShardException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the exception.
	 * @param message what is missing and what to do
	 */
	public NoShardException(String message) {
		super(message);
	}

}
