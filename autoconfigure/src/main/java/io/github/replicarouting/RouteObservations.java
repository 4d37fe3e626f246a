package io.github.replicarouting;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * One Micrometer {@link Observation} per routed piece of work, named {@value #NAME}: started
 * before the route is chosen (so that it covers taking the connection, and records the failure
 * when no target could give one), told the target and the reason once chosen, stopped when the
 * work gives its connection back. Its parent is whatever observation is current on the thread
 * that routes (an HTTP request, a scheduled task), so that a trace shows where each transaction
 * ran and why. Only built when the application has an {@link ObservationRegistry}: without one,
 * this class is never loaded and routing creates nothing.
 */
final class RouteObservations {

	static final String NAME = "replica.routing.route";

	private static final KeyValue TARGET_NONE = KeyValue.of("target", "none");

	private static final KeyValue REASON_NONE = KeyValue.of("reason", "none");

	private final ObservationRegistry registry;

	RouteObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	/** Starts the observation of work about to be routed; {@code null} when observations are off. */
	@Nullable Object start() {
		Observation observation = Observation.createNotStarted(NAME, this.registry);
		if (observation.isNoop()) {
			return null;
		}
		return observation.contextualName("replica-routing route")
			.lowCardinalityKeyValue(TARGET_NONE)
			.lowCardinalityKeyValue(REASON_NONE)
			.start();
	}

	/** The route is chosen: says where the work went, why, and for which transaction. */
	static void routed(Object started, RoutingDecision decision) {
		Observation observation = (Observation) started;
		observation.contextualName("replica-routing " + decision.target())
			.lowCardinalityKeyValue("target", decision.target())
			.lowCardinalityKeyValue("reason", decision.reason().tag());
		String transaction = decision.transactionName();
		if (transaction != null) {
			observation.highCardinalityKeyValue("transaction", transaction);
		}
	}

	/** No target could serve the work: the observation ends with the failure. */
	static void failed(Object started, Throwable failure) {
		Observation observation = (Observation) started;
		observation.error(failure);
		observation.stop();
	}

	/** The work gave its connection back. */
	static void completed(Object started) {
		((Observation) started).stop();
	}

}
