package io.github.replicarouting;

import java.sql.Connection;

/**
 * Records what committed writes and causal reads leave for later work, on their connection
 * before it goes back to its pool: the scope's positions for its {@code @ReadYourWrites} reads,
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
	 * A write just committed on {@code primary}: for its scope's reads, and for the enclosing
	 * {@code @AwaitReplication} call, which needs its position whatever the read-your-writes mode.
	 */
	void afterWrite(Connection primary) {
		ReplicationWait wait = RoutingContext.current().replicationWait();
		long position = this.readYourWrites.afterWrite(primary, wait != null);
		if (wait != null) {
			wait.committed(position, this.awaiter);
		}
	}

	/** A read inside {@code @ReadYourWrites} ended on {@code routed}: for monotonic reads. */
	void afterRead(Routed routed) {
		this.readYourWrites.afterRead(routed);
	}

}
