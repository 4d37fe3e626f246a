package io.github.replicarouting;

import org.jspecify.annotations.Nullable;

/**
 * The consistency scope bound to the current thread: the web request's scope while a request is
 * served, or the scope of the work that handed a task to this thread. A thread that writes
 * outside both gets a scope of its own.
 */
public final class ConsistencyScopes implements ConsistencyScopeResolver {

	private static final ThreadLocal<ConsistencyScope> bound = new ThreadLocal<>();

	private static final ThreadLocal<ConsistencyScope> ownScope = new ThreadLocal<>();

	/**
	 * The scope bound to the current thread, or the thread's own one if it wrote.
	 * @return the scope, or {@code null}
	 */
	public static @Nullable ConsistencyScope current() {
		ConsistencyScope scope = bound.get();
		return (scope != null) ? scope : ownScope.get();
	}

	/**
	 * Bind {@code scope} to the current thread until {@link #restore(ConsistencyScope)}.
	 * @param scope the scope, or {@code null} to unbind
	 * @return the scope bound before, to hand to {@link #restore(ConsistencyScope)}
	 */
	static @Nullable ConsistencyScope bind(@Nullable ConsistencyScope scope) {
		ConsistencyScope previous = bound.get();
		set(scope);
		return previous;
	}

	/**
	 * Restore what {@link #bind(ConsistencyScope)} replaced.
	 * @param previous the scope it returned
	 */
	static void restore(@Nullable ConsistencyScope previous) {
		set(previous);
	}

	private static void set(@Nullable ConsistencyScope scope) {
		if (scope != null) {
			bound.set(scope);
		}
		else {
			bound.remove();
		}
	}

	@Override
	public @Nullable ConsistencyScope resolve(boolean forWrite) {
		ConsistencyScope scope = current();
		if (scope == null && forWrite) {
			scope = new ConsistencyScope();
			ownScope.set(scope);
		}
		return scope;
	}

	/**
	 * The scopes of one shard: what {@code scopes} resolves, keeping a record per shard, so that
	 * a write on one shard makes no read of another wait or go to its primary.
	 * @param scopes the application's scopes
	 * @param shard the shard's name
	 * @return the shard's scopes
	 */
	public static ConsistencyScopeResolver forShard(ConsistencyScopeResolver scopes, String shard) {
		return (forWrite) -> {
			ConsistencyScope scope = scopes.resolve(forWrite);
			return (scope != null) ? scope.forShard(shard) : null;
		};
	}

}
