package io.github.replicarouting.test.internal;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Runs a fixture's per-node work (starting, stopping, setting up replication) for every node at
 * once, since most of it is waiting on a server.
 */
public final class Parallel {

	private Parallel() {
	}

	/**
	 * Runs {@code action} for each item at once and returns when all are done; rethrows the first
	 * failure as it was thrown.
	 */
	public static <T> void forEach(Collection<T> items, Consumer<T> action) {
		try {
			CompletableFuture.allOf(items.stream()
				.map((item) -> CompletableFuture.runAsync(() -> action.accept(item)))
				.toArray(CompletableFuture[]::new)).join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

}
