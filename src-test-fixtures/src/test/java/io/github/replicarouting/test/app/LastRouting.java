package io.github.replicarouting.test.app;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingListener;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The routing decision the current thread got last, so that a test can pair what the router
 * said with what the server says for one and the same transaction, even under load from many
 * threads.
 */
@Component
public class LastRouting implements RoutingListener {

	private final ThreadLocal<RoutingDecision> last = new ThreadLocal<>();

	@Override
	public void onRouted(RoutingDecision decision) {
		this.last.set(decision);
	}

	/**
	 * The current thread's last decision, forgotten by this call.
	 * @return the decision, or {@code null} when none was made since the last call
	 */
	public @Nullable RoutingDecision take() {
		RoutingDecision decision = this.last.get();
		this.last.remove();
		return decision;
	}

}
