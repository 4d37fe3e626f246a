package io.github.replicarouting.test.internal;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.github.replicarouting.test.ReplicatedClusterException;

/**
 * A bounded wait for a server-side condition that no callback announces (a port opening, a
 * replica catching up): check, park briefly, check again until a deadline.
 */
public final class Poll {

	private static final long INTERVAL_NANOS = Duration.ofMillis(20).toNanos();

	private Poll() {
	}

	/**
	 * Waits until {@code condition} holds. {@code failure} builds the exception thrown at the
	 * deadline, late, so it can describe the state at that moment (for example a log's tail). An
	 * interrupt ends the wait with a {@link ReplicatedClusterException}.
	 */
	public static void until(Duration timeout, BooleanSupplier condition, Supplier<RuntimeException> failure) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw failure.get();
			}
			if (Thread.currentThread().isInterrupted()) {
				throw new ReplicatedClusterException("Interrupted while waiting");
			}
			LockSupport.parkNanos(INTERVAL_NANOS);
		}
	}

}
