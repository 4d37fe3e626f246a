package io.github.replicarouting;

import java.util.function.Supplier;

import io.github.replicarouting.RoutingContext.Force;

/**
 * Programmatic routing, for code that cannot carry an annotation: the transactions that start
 * inside {@link #onPrimary(Supplier)} go to the primary, those inside
 * {@link #onReplica(Supplier)} to a replica (read-only, whatever their read-only flag says).
 * As with the annotations, a transaction that is already running keeps its route.
 */
public final class ReplicaRouting {

	/**
	 * Run {@code work} with every transaction it starts on the primary.
	 * @param <T> the result type
	 * @param work the work to run
	 * @return the result of {@code work}
	 */
	public <T> T onPrimary(Supplier<T> work) {
		return run(Force.PRIMARY, "ReplicaRouting.onPrimary", work);
	}

	/**
	 * Run {@code work} with every transaction it starts on a replica, read-only: a write inside
	 * it fails with {@link ReadOnlyRouteViolationException}. With no usable replica the work
	 * reads on the primary when {@code replica-routing.fallback-to-primary} allows it.
	 * @param <T> the result type
	 * @param work the work to run
	 * @return the result of {@code work}
	 */
	public <T> T onReplica(Supplier<T> work) {
		return run(Force.REPLICA, "ReplicaRouting.onReplica", work);
	}

	private static <T> T run(Force force, String method, Supplier<T> work) {
		RoutingContext previous = RoutingContext.enter(RoutingContext.current().withForce(force, method));
		try {
			return work.get();
		}
		finally {
			RoutingContext.restore(previous);
		}
	}

}
