package io.github.replicarouting;

/**
 * Where a connection should go before availability is taken into account: the primary or some
 * replica, and why.
 */
enum Route {

	PRIMARY_READ_WRITE(false, false, RoutingReason.READ_WRITE),

	PRIMARY_FORCED(false, false, RoutingReason.FORCED),

	PRIMARY_NON_TRANSACTIONAL(false, false, RoutingReason.NON_TRANSACTIONAL),

	/** A read that must see its scope's recent write: read-only, but on the primary. */
	PRIMARY_READ_YOUR_WRITES(false, true, RoutingReason.READ_YOUR_WRITES),

	REPLICA_READ_ONLY(true, true, RoutingReason.READ_ONLY),

	/** A read that must see its scope's writes, on a replica that has them. */
	REPLICA_READ_YOUR_WRITES(true, true, RoutingReason.READ_YOUR_WRITES),

	REPLICA_NON_TRANSACTIONAL(true, true, RoutingReason.NON_TRANSACTIONAL);

	private final boolean replica;

	private final boolean readOnly;

	private final RoutingReason reason;

	Route(boolean replica, boolean readOnly, RoutingReason reason) {
		this.replica = replica;
		this.readOnly = readOnly;
		this.reason = reason;
	}

	/**
	 * Whether the route only reads, so that a write on it is refused, wherever it ends up.
	 */
	boolean readOnly() {
		return this.readOnly;
	}

	boolean toReplica() {
		return this.replica;
	}

	RoutingReason reason() {
		return this.reason;
	}

}
