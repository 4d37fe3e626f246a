package io.github.replicarouting;

import org.jspecify.annotations.Nullable;

/**
 * Finds the {@link ConsistencyScope} of the work on the current thread. The default uses the
 * scope of the current web request (its consistency token) or of work handed to another thread
 * ({@link ConsistencyScopes}), else the thread's own; a bean of this type replaces it, for
 * example to key scopes by authenticated user.
 */
@FunctionalInterface
public interface ConsistencyScopeResolver {

	/**
	 * The current scope.
	 * @param forWrite whether a write is being recorded; a resolver may create a scope for it
	 * @return the scope, or {@code null} when the work has none (a read inside
	 * {@code @ReadYourWrites} then goes to the primary, since it cannot know what it must see)
	 */
	@Nullable ConsistencyScope resolve(boolean forWrite);

}
