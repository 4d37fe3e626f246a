package io.github.replicarouting;

/**
 * Where work should go before the targets' health is taken into account: its route, and for a
 * route to a replica, what the replica must show. The common destinations are shared constants.
 *
 * @param route the primary or a replica, and why
 * @param freshness what a replica must show; {@link Freshness#ANY} for routes to the primary
 */
record Destination(Route route, Freshness freshness) {

	private static final Destination[] COMMON = new Destination[Route.values().length];

	static {
		for (Route route : Route.values()) {
			COMMON[route.ordinal()] = new Destination(route, Freshness.ANY);
		}
	}

	static Destination of(Route route) {
		return COMMON[route.ordinal()];
	}

	/** A read that must see its scope's writes, on a replica that shows {@code freshness}. */
	static Destination replica(Freshness freshness) {
		return (freshness == Freshness.ANY) ? of(Route.REPLICA_READ_YOUR_WRITES)
				: new Destination(Route.REPLICA_READ_YOUR_WRITES, freshness);
	}

}
