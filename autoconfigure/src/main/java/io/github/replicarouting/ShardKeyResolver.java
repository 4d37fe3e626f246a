package io.github.replicarouting;

import org.jspecify.annotations.Nullable;

/**
 * Names the shard of work that no {@link Shard @Shard} method names: asked, when such work takes
 * a connection, for the shard of the current thread (from the tenant of the request, say). A bean
 * of this type is picked up by the auto-configuration.
 */
@FunctionalInterface
public interface ShardKeyResolver {

	/**
	 * The shard of the current work.
	 * @return the name of a configured shard, or {@code null} for
	 * {@code replica-routing.default-shard}
	 */
	@Nullable String currentShard();

}
