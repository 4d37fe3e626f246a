package io.github.replicarouting;

import org.jspecify.annotations.Nullable;

/**
 * What the code on the current thread asked for through {@code @UsePrimary},
 * {@code @ReadYourWrites}, {@code @MaxStaleness}, {@code @AwaitReplication} and
 * {@link ReplicaRouting}. Immutable; a thread holds the innermost one and each scope restores the
 * previous one in {@code finally}.
 *
 * @param force where every transaction must go, or {@code null} to follow its read-only flag
 * @param readYourWrites whether reads must see the scope's earlier writes
 * @param method the method that asked, as {@code Class.method}, for messages
 * @param repositoryRead whether the route is that of a Spring Data repository read outside a
 * transaction ({@link RepositoryReads}) rather than one the code declared: a read whose work has
 * no consistency scope then has no writes of its own to see, and a write on it is refused with
 * advice for repository methods
 * @param maxStalenessMillis how stale a read on a replica may be at most ({@code @MaxStaleness}),
 * or {@link #UNBOUNDED}
 * @param replicationWait where the writes that commit are recorded for the innermost
 * {@code @AwaitReplication} call to wait for, or {@code null} outside one
 */
record RoutingContext(@Nullable Force force, boolean readYourWrites, @Nullable String method, boolean repositoryRead,
		long maxStalenessMillis, @Nullable ReplicationWait replicationWait) {

	/** No {@code @MaxStaleness} bound. */
	static final long UNBOUNDED = Long.MAX_VALUE;

	static final RoutingContext NONE = new RoutingContext(null, false, null, false, UNBOUNDED, null);

	private static final ThreadLocal<RoutingContext> current = new ThreadLocal<>();

	enum Force {

		PRIMARY, REPLICA

	}

	static RoutingContext current() {
		RoutingContext context = current.get();
		return (context != null) ? context : NONE;
	}

	/**
	 * Make {@code context} current and return the one it replaces, to be handed back to
	 * {@link #restore(RoutingContext)} in {@code finally}.
	 */
	static @Nullable RoutingContext enter(RoutingContext context) {
		RoutingContext previous = current.get();
		current.set(context);
		return previous;
	}

	static void restore(@Nullable RoutingContext previous) {
		if (previous != null) {
			current.set(previous);
		}
		else {
			current.remove();
		}
	}

	RoutingContext withForce(Force force, String method) {
		return new RoutingContext(force, this.readYourWrites, method, false, this.maxStalenessMillis,
				this.replicationWait);
	}

	RoutingContext withReadYourWrites(String method) {
		return new RoutingContext(this.force, true, (this.method != null) ? this.method : method, this.repositoryRead,
				this.maxStalenessMillis,
				this.replicationWait);
	}

	/**
	 * Bound the staleness of reads on replicas; a bound already in force that is stricter stays.
	 */
	RoutingContext withMaxStaleness(long maxMillis, String method) {
		if (maxMillis >= this.maxStalenessMillis) {
			return this;
		}
		return new RoutingContext(this.force, this.readYourWrites, method, this.repositoryRead, maxMillis,
				this.replicationWait);
	}

	/** Record the writes that commit from now on in {@code wait}. */
	RoutingContext withReplicationWait(ReplicationWait wait) {
		return new RoutingContext(this.force, this.readYourWrites, this.method, this.repositoryRead,
				this.maxStalenessMillis, wait);
	}

	/**
	 * The context of a repository read outside a transaction: a replica, read-only.
	 * @param method the repository method, as {@code Repository.method}
	 * @param ownWrites whether the read must see its scope's writes
	 */
	RoutingContext forRepositoryRead(String method, boolean ownWrites) {
		if (this.readYourWrites) {
			// Inside @ReadYourWrites the caller's own rule stands, work without a scope included.
			return withForce(Force.REPLICA, method);
		}
		return new RoutingContext(Force.REPLICA, ownWrites, method, true, this.maxStalenessMillis,
				this.replicationWait);
	}

}
