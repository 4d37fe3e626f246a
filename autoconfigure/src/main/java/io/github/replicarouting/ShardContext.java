package io.github.replicarouting;

import org.jspecify.annotations.Nullable;

/**
 * The shard bound to the current thread by the {@link ShardAdvisor}, with the method that bound
 * it, for the {@link ShardedDataSource} to route by and to name in its errors.
 */
final class ShardContext {

	private static final ThreadLocal<Binding> current = new ThreadLocal<>();

	private ShardContext() {
	}

	static @Nullable Binding current() {
		return current.get();
	}

	/**
	 * Bind a shard, returning the previous binding for {@link #restore} in {@code finally}.
	 */
	static @Nullable Binding bind(@Nullable Binding binding) {
		Binding previous = current.get();
		restore(binding);
		return previous;
	}

	static void restore(@Nullable Binding previous) {
		if (previous == null) {
			current.remove();
		}
		else {
			current.set(previous);
		}
	}

	/**
	 * A binding.
	 * @param shard the shard's name, or {@code null} when the method names none
	 * @param method the innermost advised method, as {@code Class.method}
	 */
	record Binding(@Nullable String shard, String method) {

	}

}
