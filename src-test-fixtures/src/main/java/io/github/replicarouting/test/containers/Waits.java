package io.github.replicarouting.test.containers;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.github.replicarouting.test.ReplicatedPostgresException;

/**
 * A bounded wait for a server-side condition that no callback announces (a server answering, a
 * replica catching up): check, park briefly, check again until a deadline.
 */
final class Waits {

	private static final long INTERVAL_NANOS = Duration.ofMillis(20).toNanos();

	private Waits() {
	}

	/**
	 * Waits until {@code condition} holds. {@code failure} builds the exception thrown at the
	 * deadline, late, so it can describe the state at that moment (for example a log's tail).
	 */
	static void until(Duration timeout, BooleanSupplier condition, Supplier<RuntimeException> failure) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw failure.get();
			}
			if (Thread.currentThread().isInterrupted()) {
				throw new ReplicatedPostgresException("Interrupted while waiting");
			}
			LockSupport.parkNanos(INTERVAL_NANOS);
		}
	}

}
