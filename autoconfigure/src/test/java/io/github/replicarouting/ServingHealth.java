package io.github.replicarouting;

import java.sql.SQLException;
import java.util.function.LongUnaryOperator;

/**
 * A target's health that always serves, proved no staler than a bound its test chooses: fixed, or
 * the time since a moment the replica was known to be current.
 */
class ServingHealth extends TargetHealth {

	private final LongUnaryOperator stalenessAt;

	ServingHealth(LongUnaryOperator stalenessAt) {
		this.stalenessAt = stalenessAt;
	}

	/** Proved no staler than {@code millis}, whenever asked. */
	static ServingHealth staleBy(long millis) {
		return new ServingHealth((nowMillis) -> millis);
	}

	/** Last known to have every write as of {@code millis}. */
	static ServingHealth caughtUpTo(long millis) {
		return new ServingHealth((nowMillis) -> nowMillis - millis);
	}

	@Override
	public boolean isCandidate() {
		return true;
	}

	@Override
	public long stalenessMillis(long nowMillis) {
		return this.stalenessAt.applyAsLong(nowMillis);
	}

	@Override
	public String describe() {
		return "UP";
	}

	@Override
	protected boolean tryAcquirePermission() {
		return true;
	}

	@Override
	protected void onConnected(long durationNanos) {
	}

	@Override
	protected void onConnectFailed(long durationNanos, SQLException failure) {
	}

}
