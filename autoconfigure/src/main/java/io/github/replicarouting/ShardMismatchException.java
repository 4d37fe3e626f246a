package io.github.replicarouting;

/**
 * Thrown when a method asks for a shard while a transaction of another shard runs on the same
 * thread: a transaction never spans shards, and its statements would all have run on the shard it
 * started on. Start the work for the other shard outside the running transaction.
 */
public class ShardMismatchException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/** The shard of the transaction already running. */
	private final String runningShard;

	/** The shard the code asked for. */
	private final String requestedShard;

	/**
	 * Create the exception.
	 * @param method the method that asked for a shard, as {@code Class.method}
	 * @param runningShard the shard of the running transaction
	 * @param requestedShard the shard the method asked for
	 */
	public ShardMismatchException(String method, String runningShard, String requestedShard) {
		super(method + " asks for shard '" + requestedShard + "' while a transaction of shard '" + runningShard
				+ "' runs: a transaction never spans shards. Call it outside the running transaction.");
		this.runningShard = runningShard;
		this.requestedShard = requestedShard;
	}

	/**
	 * The shard of the running transaction.
	 * @return its name
	 */
	public String getRunningShard() {
		return this.runningShard;
	}

	/**
	 * The shard the method asked for.
	 * @return its name
	 */
	public String getRequestedShard() {
		return this.requestedShard;
	}

}
