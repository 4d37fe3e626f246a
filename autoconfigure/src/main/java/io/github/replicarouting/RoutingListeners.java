package io.github.replicarouting;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@link RoutingListener}s of a routing data source, told where each connection went, and
 * the observation of each routed piece of work ({@link RouteObservations}) when the application
 * has an observation registry. A listener that throws is reported ({@link ListenerFailures}) and
 * skipped, so that user code can neither fail the work nor cost a pooled connection. When the
 * work ends, the {@link RoutingStatistics} among the listeners learn whether a read-write
 * transaction wrote: those that never do could be read-only.
 */
final class RoutingListeners {

	private final RoutingListener[] listeners;

	private final RoutingStatistics[] statistics;

	private final @Nullable RouteObservations observations;

	private final ListenerFailures failures;

	RoutingListeners(List<RoutingListener> listeners, @Nullable RouteObservations observations, Clock clock) {
		this.listeners = listeners.toArray(RoutingListener[]::new);
		this.statistics = listeners.stream()
			.filter(RoutingStatistics.class::isInstance)
			.map(RoutingStatistics.class::cast)
			.toArray(RoutingStatistics[]::new);
		this.observations = observations;
		this.failures = new ListenerFailures(clock);
	}

	/**
	 * Work is about to be routed: starts its observation, if observations are on.
	 * @return the started observation, or {@code null}
	 */
	@Nullable Object begin() {
		return (this.observations != null) ? this.observations.start() : null;
	}

	/**
	 * No route could be taken for the work {@link #begin} started.
	 * @param observation what {@link #begin} returned
	 * @param failure why
	 */
	void failed(@Nullable Object observation, Throwable failure) {
		if (observation != null) {
			RouteObservations.failed(observation, failure);
		}
	}

	/**
	 * Tell every listener where a connection went. Called once the logical connection holds the
	 * physical one, so that nothing a listener does can lose it.
	 * @param routed what routing chose
	 * @param observation what {@link #begin} returned
	 * @return the work as its listeners saw it, to hand back to {@link #completed} when it ends;
	 * {@code null} when nothing listens
	 */
	@Nullable RoutedWork routed(Routed routed, @Nullable Object observation) {
		if (this.listeners.length == 0 && observation == null) {
			return null;
		}
		RoutingDecision decision = new RoutingDecision(routed.name(), routed.reason(),
				TransactionSynchronizationManager.getCurrentTransactionName());
		if (observation != null) {
			RouteObservations.routed(observation, decision);
		}
		for (RoutingListener listener : this.listeners) {
			try {
				listener.onRouted(decision);
			}
			catch (RuntimeException ex) {
				this.failures.failed(listener, decision, ex);
			}
		}
		return new RoutedWork(decision, observation);
	}

	/**
	 * The routed work gave its connection back.
	 * @param work what {@link #routed} returned
	 * @param wrote whether a statement that needs the primary (a write, a lock, a procedure) ran,
	 * or the physical connection was handed out, so that what ran on it is unknown
	 */
	void completed(RoutedWork work, boolean wrote) {
		RoutingDecision decision = work.decision();
		String transaction = decision.transactionName();
		if (decision.reason() == RoutingReason.READ_WRITE && transaction != null) {
			for (RoutingStatistics statistics : this.statistics) {
				statistics.readWriteTransactionEnded(transaction, wrote);
			}
		}
		Object observation = work.observation();
		if (observation != null) {
			RouteObservations.completed(observation);
		}
	}

}
