package io.github.replicarouting.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every change of a value, looked at every 10 ms from a thread of its own while a test does
 * something else: what a replica's state went through, and when.
 *
 * @param <T> the type of the value
 */
public final class Changes<T> implements AutoCloseable {

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "test-changes");
		thread.setDaemon(true);
		return thread;
	});

	private final Supplier<T> value;

	private final long start = System.nanoTime();

	private final List<String> changes = new ArrayList<>();

	private T last;

	private Changes(Supplier<T> value) {
		this.value = value;
		this.last = value.get();
		this.timer.scheduleWithFixedDelay(this::look, 10, 10, TimeUnit.MILLISECONDS);
	}

	/**
	 * Start watching.
	 * @param value what to watch
	 * @param <T> its type
	 * @return the watch, to close when done
	 */
	public static <T> Changes<T> watch(Supplier<T> value) {
		return new Changes<>(value);
	}

	private synchronized void look() {
		T now = this.value.get();
		if (!Objects.equals(now, this.last)) {
			this.changes.add(now + " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.start) + " ms");
			this.last = now;
		}
	}

	/**
	 * The changes seen so far, each as {@code "<value> after <n> ms"}.
	 * @return the changes, oldest first
	 */
	public synchronized List<String> seen() {
		return List.copyOf(this.changes);
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
