package io.github.replicarouting.health;

import java.time.Clock;
import java.time.Duration;

/**
 * The share of reads of a replica back in rotation, ramped up linearly over the slow-start
 * duration from the moment it came back, so that a cold cache does not take a full share at once.
 * A replica's first admission, at startup, is not ramped: no replica was serving before it.
 */
final class SlowStart {

	private static final long WARM = Long.MIN_VALUE;

	private final Clock clock;

	private final long durationMillis;

	private volatile long admittedAtMillis = WARM;

	private volatile boolean servedBefore;

	SlowStart(Clock clock, Duration duration) {
		this.clock = clock;
		this.durationMillis = duration.toMillis();
	}

	/**
	 * Note whether the replica may serve, after something that may have changed it.
	 * @param wasCandidate whether it could serve before
	 * @param candidate whether it can now
	 */
	void observe(boolean wasCandidate, boolean candidate) {
		if (!candidate) {
			return;
		}
		if (!wasCandidate && this.servedBefore && this.durationMillis > 0) {
			this.admittedAtMillis = this.clock.millis();
		}
		this.servedBefore = true;
	}

	/**
	 * The fraction of its full share of reads the replica takes now.
	 * @return from 0, when it has just come back, to 1 once the slow start is over
	 */
	double share() {
		long admittedAt = this.admittedAtMillis;
		if (admittedAt == WARM) {
			// The common case: one volatile read, no clock.
			return 1;
		}
		long elapsed = this.clock.millis() - admittedAt;
		if (elapsed >= this.durationMillis) {
			this.admittedAtMillis = WARM;
			return 1;
		}
		return Math.max(0, (double) elapsed / this.durationMillis);
	}

}
