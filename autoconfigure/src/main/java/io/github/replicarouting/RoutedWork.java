package io.github.replicarouting;

import org.jspecify.annotations.Nullable;

/**
 * A routed piece of work as its listeners saw it: the decision they were told, and the
 * observation that follows the work to its end, if observations are on.
 *
 * @param decision where the work went and why
 * @param observation the started observation ({@link RouteObservations}), or {@code null}
 */
record RoutedWork(RoutingDecision decision, @Nullable Object observation) {

}
