package io.github.replicarouting.autoconfigure;

/**
 * A {@code replica-routing.*} setting that the application cannot start with. Names the key, what
 * is wrong with it and what to do.
 */
public class InvalidReplicaRoutingConfigurationException extends RuntimeException {

	/** The configuration key to fix. */
	private final String key;

	/** What to do about it. */
	private final String action;

	InvalidReplicaRoutingConfigurationException(String key, String problem, String action) {
		super("Invalid configuration at '" + key + "': " + problem);
		this.key = key;
		this.action = action;
	}

	/**
	 * The configuration key at fault.
	 * @return the key, for example {@code replica-routing.replicas.replica-1.url}
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * What to change.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
