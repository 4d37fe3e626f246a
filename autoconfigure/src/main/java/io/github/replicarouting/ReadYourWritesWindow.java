package io.github.replicarouting;

import java.time.Clock;
import java.time.Duration;

/**
 * Window-mode read-your-writes for the current thread's scope: after the scope commits a write,
 * its {@code @ReadYourWrites} reads go to the primary for the length of the window, by which
 * time the replicas are expected to have the write.
 */
final class ReadYourWritesWindow {

	private final ThreadLocal<long[]> lastWrite = ThreadLocal.withInitial(() -> new long[] { Long.MIN_VALUE });

	private final Clock clock;

	private final long windowMillis;

	ReadYourWritesWindow(Clock clock, Duration window) {
		this.clock = clock;
		this.windowMillis = window.toMillis();
	}

	void recordWrite() {
		this.lastWrite.get()[0] = this.clock.millis();
	}

	boolean mustReadPrimary() {
		long last = this.lastWrite.get()[0];
		return last != Long.MIN_VALUE && this.clock.millis() - last < this.windowMillis;
	}

}
