package io.github.replicarouting;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reports what {@link RoutingListener}s throw, at most once per {@link #INTERVAL}: the first
 * failure at once with its stack trace, then the next one after the interval with how many were
 * left unreported in between. A listener that fails on every connection cannot flood the log.
 * Logged under {@code io.github.replicarouting.RoutingListener}.
 */
final class ListenerFailures {

	static final Duration INTERVAL = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(RoutingListener.class);

	private final Clock clock;

	private final AtomicLong nextReportMillis = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong unreported = new AtomicLong();

	ListenerFailures(Clock clock) {
		this.clock = clock;
	}

	void failed(RoutingListener listener, RoutingDecision decision, RuntimeException failure) {
		long now = this.clock.millis();
		long next = this.nextReportMillis.get();
		if (now < next || !this.nextReportMillis.compareAndSet(next, now + INTERVAL.toMillis())) {
			this.unreported.incrementAndGet();
			return;
		}
		long more = this.unreported.getAndSet(0);
		logger.warn(decision.target() + " - routing listener " + listener.getClass().getName()
				+ " threw; ignored, the connection serves on" + ((more > 0)
						? " (" + more + " more listener failure(s) unreported since the last report)" : ""),
				failure);
	}

}
