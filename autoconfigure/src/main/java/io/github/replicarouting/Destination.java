package io.github.replicarouting;

/**
 * Where work should go before the targets' health is taken into account: its route, and for a
 * route to a replica, what the replica must show. The common destinations are shared constants.
 *
 * @param route the primary or a replica, and why
 * @param freshness what a replica must show; {@link Freshness#ANY} for routes to the primary
 * @param maxStalenessMillis how stale a replica may be at most, as the code bounded it
 * ({@code @MaxStaleness}), or {@link RoutingContext#UNBOUNDED}
 */
record Destination(Route route, Freshness freshness, long maxStalenessMillis) {

	private static final Destination[] COMMON = new Destination[Route.values().length];

	static {
		for (Route route : Route.values()) {
			COMMON[route.ordinal()] = new Destination(route, Freshness.ANY, RoutingContext.UNBOUNDED);
		}
	}

	static Destination of(Route route) {
		return COMMON[route.ordinal()];
	}

	/** A read that must see its scope's writes, on a replica that shows {@code freshness}. */
	static Destination replica(Freshness freshness) {
		return (freshness == Freshness.ANY) ? of(Route.REPLICA_READ_YOUR_WRITES)
				: new Destination(Route.REPLICA_READ_YOUR_WRITES, freshness, RoutingContext.UNBOUNDED);
	}

	/** This destination, on a replica no staler than {@code maxMillis} if it goes to one. */
	Destination bounded(long maxMillis) {
		return (maxMillis == this.maxStalenessMillis || !this.route.toReplica()) ? this
				: new Destination(this.route, this.freshness, maxMillis);
	}

	boolean isBounded() {
		return this.maxStalenessMillis != RoutingContext.UNBOUNDED;
	}

}
