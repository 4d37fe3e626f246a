package io.github.replicarouting;

import org.jspecify.annotations.Nullable;

/**
 * What the code on the current thread asked for through {@code @UsePrimary},
 * {@code @ReadYourWrites} and {@link ReplicaRouting}. Immutable; a thread holds the innermost
 * one and each scope restores the previous one in {@code finally}.
 *
 * @param force where every transaction must go, or {@code null} to follow its read-only flag
 * @param readYourWrites whether reads must see the scope's earlier writes
 * @param method the method that asked, as {@code Class.method}, for messages
 * @param repositoryRead whether the route is that of a Spring Data repository read outside a
 * transaction ({@link RepositoryReads}) rather than one the code declared: a read whose work has
 * no consistency scope then has no writes of its own to see, and a write on it is refused with
 * advice for repository methods
 */
record RoutingContext(@Nullable Force force, boolean readYourWrites, @Nullable String method, boolean repositoryRead) {

	static final RoutingContext NONE = new RoutingContext(null, false, null, false);

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
		return new RoutingContext(force, this.readYourWrites, method, false);
	}

	RoutingContext withReadYourWrites(String method) {
		return new RoutingContext(this.force, true, (this.method != null) ? this.method : method, this.repositoryRead);
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
		return new RoutingContext(Force.REPLICA, ownWrites, method, true);
	}

}
