package io.github.replicarouting.test.mariadb;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingListener;

/**
 * The routing decision the current thread got last, so that a read can report what the router
 * decided for it next to what the server says, even when many threads read at once.
 */
class LastDecision implements RoutingListener {

	private final ThreadLocal<RoutingDecision> last = new ThreadLocal<>();

	@Override
	public void onRouted(RoutingDecision decision) {
		this.last.set(decision);
	}

	/** The current thread's last decision, forgotten by this call. */
	@Nullable RoutingDecision take() {
		RoutingDecision decision = this.last.get();
		this.last.remove();
		return decision;
	}

}
