package io.github.replicarouting;

/**
 * Callback told about every routing decision, once per connection, when its target is chosen.
 * Beans of this type are picked up by the auto-configuration; metrics, logging, response
 * headers and the routing assertions of the test fixtures are all built on it.
 *
 * <p>
 * Called on the thread that is about to run the statement, once the connection is taken, so an
 * implementation should be fast. An exception it throws is logged (at most once a minute, under
 * this interface's name) and ignored: the work goes on and the connection returns to its pool
 * as usual.
 */
@FunctionalInterface
public interface RoutingListener {

	/**
	 * Called when a connection has been routed to its target.
	 * @param decision where the connection went and why
	 */
	void onRouted(RoutingDecision decision);

}
