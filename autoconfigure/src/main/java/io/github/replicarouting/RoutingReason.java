package io.github.replicarouting;

/**
 * Why a connection went where it went; the value of the {@code reason} tag of the
 * {@code replica.routing.routes} metric.
 */
public enum RoutingReason {

	/** A read-only transaction, served by a replica. */
	READ_ONLY("read-only"),

	/** A read-write transaction, served by the primary. */
	READ_WRITE("read-write"),

	/** A read inside {@code @ReadYourWrites} that had to see a recent write of its scope. */
	READ_YOUR_WRITES("read-your-writes"),

	/** {@code @UsePrimary} or {@code ReplicaRouting.onPrimary}. */
	FORCED("forced"),

	/** A read that should have gone to a replica, served by the primary because none could. */
	FALLBACK("fallback"),

	/** Work outside any transaction. */
	NON_TRANSACTIONAL("non-transactional"),

	/**
	 * A read under {@code @MaxStaleness} served by the primary because no replica was proved
	 * fresh enough for its bound.
	 */
	MAX_STALENESS("max-staleness");

	private final String tag;

	RoutingReason(String tag) {
		this.tag = tag;
	}

	/**
	 * The value used in metric tags and logs.
	 * @return the tag value, for example {@code read-only}
	 */
	public String tag() {
		return this.tag;
	}

}
