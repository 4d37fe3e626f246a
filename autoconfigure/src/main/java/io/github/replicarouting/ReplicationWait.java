package io.github.replicarouting;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What one call of a method annotated {@link AwaitReplication} waits for: the highest log position
 * at which a write transaction committed inside it, and the routing data source whose replicas
 * replay it. The router records each commit ({@link Router#afterWrite}); the advisor waits when
 * the method returns. Thread-safe: work the method hands to other threads carries it along.
 */
final class ReplicationWait {

	private @Nullable ReplicationAwaiter awaiter;

	private long position = -1;

	private boolean positionUnknown;

	/**
	 * A write transaction committed.
	 * @param position the primary's log position read right after the commit, or -1 when it
	 * could not be read
	 * @param awaiter the replicas of the data source it committed on
	 */
	synchronized void committed(long position, ReplicationAwaiter awaiter) {
		this.awaiter = awaiter;
		if (position < 0) {
			this.positionUnknown = true;
		}
		this.position = Math.max(this.position, position);
	}

	/** Take over what an inner call recorded, so that the outer one waits for it too. */
	void addTo(ReplicationWait outer) {
		ReplicationAwaiter awaiter;
		long position;
		boolean unknown;
		synchronized (this) {
			awaiter = this.awaiter;
			position = this.position;
			unknown = this.positionUnknown;
		}
		if (awaiter != null) {
			outer.committed(unknown ? -1 : position, awaiter);
			if (unknown && position >= 0) {
				outer.committed(position, awaiter);
			}
		}
	}

	/**
	 * Return once {@code replicas} replicas have replayed every write recorded, at once when
	 * there was none.
	 * @throws ReplicationTimeoutException when they did not within {@code timeout}, or a
	 * position could not be read
	 */
	void await(int replicas, Duration timeout, String method) {
		ReplicationAwaiter awaiter;
		long position;
		boolean unknown;
		synchronized (this) {
			awaiter = this.awaiter;
			position = this.position;
			unknown = this.positionUnknown;
		}
		if (awaiter == null) {
			return;
		}
		if (unknown) {
			throw new ReplicationTimeoutException("The writes of " + method + " are committed on the primary, but the "
					+ "log position of one could not be read after its commit, so no replica could confirm it (0 of "
					+ replicas + " asked for by @AwaitReplication). Do not retry the writes as if they had failed.",
					replicas, List.of());
		}
		awaiter.await(position, replicas, timeout, method);
	}

}
