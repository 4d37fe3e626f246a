package io.github.replicarouting;

/**
 * What a replica must show to serve a read: nothing more than its health, that it has replayed
 * a log position (a causal read), or that its health checks prove it no staler than a bound.
 */
sealed interface Freshness {

	/** Any replica its health lets serve. */
	Freshness ANY = new Any();

	/** Any replica its health lets serve. */
	record Any() implements Freshness {

	}

	/**
	 * A replica that has replayed the primary's log up to {@code position}.
	 * @param position the position
	 */
	record Replayed(long position) implements Freshness {

	}

	/**
	 * A replica whose health checks prove it no staler than {@code maxMillis}
	 * ({@link TargetHealth#stalenessMillis(long)}).
	 * @param maxMillis the bound, in milliseconds
	 */
	record NoStalerThan(long maxMillis) implements Freshness {

	}

}
