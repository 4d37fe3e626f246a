package io.github.replicarouting;

import java.time.Clock;
import java.util.List;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@link RoutingListener}s of a routing data source, told where each connection went. A
 * listener that throws is reported ({@link ListenerFailures}) and skipped, so that user code can
 * neither fail the work nor cost a pooled connection.
 */
final class RoutingListeners {

	private final RoutingListener[] listeners;

	private final ListenerFailures failures;

	RoutingListeners(List<RoutingListener> listeners, Clock clock) {
		this.listeners = listeners.toArray(RoutingListener[]::new);
		this.failures = new ListenerFailures(clock);
	}

	/**
	 * Tell every listener where a connection went. Called once the logical connection holds the
	 * physical one, so that nothing a listener does can lose it.
	 * @param routed what routing chose
	 */
	void routed(Routed routed) {
		if (this.listeners.length == 0) {
			return;
		}
		RoutingDecision decision = new RoutingDecision(routed.name(), routed.reason(),
				TransactionSynchronizationManager.getCurrentTransactionName());
		for (RoutingListener listener : this.listeners) {
			try {
				listener.onRouted(decision);
			}
			catch (RuntimeException ex) {
				this.failures.failed(listener, decision, ex);
			}
		}
	}

}
