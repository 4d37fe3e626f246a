package io.github.replicarouting;

import java.util.List;

/**
 * A method annotated {@link AwaitReplication} committed its writes, but fewer replicas than it
 * asked for confirmed having replayed them within its timeout. The write <em>is committed</em> on
 * the primary: do not retry it as if it had failed. Reads on replicas may not see it yet.
 */
public class ReplicationTimeoutException extends RuntimeException {

	/** How many replicas the call asked for. */
	private final int required;

	/** The replicas that confirmed the write in time. */
	private final List<String> confirmed;

	ReplicationTimeoutException(String message, int required, List<String> confirmed) {
		super(message);
		this.required = required;
		this.confirmed = List.copyOf(confirmed);
	}

	/**
	 * How many replicas the method asked for.
	 * @return {@link AwaitReplication#replicas()}
	 */
	public int getRequired() {
		return this.required;
	}

	/**
	 * The replicas that confirmed the write in time, fewer than required.
	 * @return their names
	 */
	public List<String> getConfirmed() {
		return this.confirmed;
	}

}
