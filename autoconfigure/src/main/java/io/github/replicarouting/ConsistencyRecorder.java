package io.github.replicarouting;

/**
 * Records what committed writes and causal reads leave for later work, before the connection
 * goes back to its pool (a write only takes a ticket, without I/O): the scope's positions for its {@code @ReadYourWrites} reads,
 * and the commit's position for the enclosing {@code @AwaitReplication} call to wait for.
 */
final class ConsistencyRecorder {

	private final ReadYourWritesPolicy readYourWrites;

	private final ReplicationAwaiter awaiter;

	ConsistencyRecorder(ReadYourWritesPolicy readYourWrites, ReplicationAwaiter awaiter) {
		this.readYourWrites = readYourWrites;
		this.awaiter = awaiter;
	}

	/**
	 * A write just committed on {@code writer}: for its scope's reads, and for the enclosing
	 * {@code @AwaitReplication} call, which needs its position whatever the read-your-writes mode.
	 */
	void afterWrite(GuardedTarget writer) {
		ReplicationWait wait = RoutingContext.current().replicationWait();
		PositionSampler.Ticket ticket = this.readYourWrites.afterWrite(writer, wait != null);
		if (wait != null) {
			wait.committed(ticket, this.awaiter);
		}
	}

	/** A read inside {@code @ReadYourWrites} ended on {@code routed}: for monotonic reads. */
	void afterRead(Routed routed) {
		this.readYourWrites.afterRead(routed);
	}

}
