package io.github.replicarouting;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;

/**
 * How many reads may run on the primary at once for lack of a replica: a Resilience4j semaphore
 * {@link Bulkhead} named {@value #NAME}, taken only when a read falls back, so that when every
 * replica is gone the reads cannot take the whole primary pool from the writes. A fallback read
 * beyond the limit waits up to the bulkhead's {@code maxWaitDuration}, then fails.
 */
public final class FallbackBudget {

	/** The name of the bulkhead, and its {@code name} tag in Resilience4j's metrics. */
	public static final String NAME = "replica-routing.fallback";

	private final BulkheadRegistry registry;

	private final Bulkhead bulkhead;

	private final LongAdder rejected = new LongAdder();

	FallbackBudget(int maxConcurrent, Duration maxWait) {
		BulkheadConfig config = BulkheadConfig.custom()
			.maxConcurrentCalls(maxConcurrent)
			.maxWaitDuration(maxWait)
			.writableStackTraceEnabled(false)
			.build();
		this.registry = BulkheadRegistry.of(config);
		this.bulkhead = this.registry.bulkhead(NAME);
	}

	/**
	 * The bulkhead that holds the budget.
	 * @return the bulkhead
	 */
	public Bulkhead bulkhead() {
		return this.bulkhead;
	}

	/**
	 * A registry holding the budget's bulkhead alone, to bind Resilience4j's bulkhead metrics to.
	 * @return the registry
	 */
	public BulkheadRegistry registry() {
		return this.registry;
	}

	/**
	 * How many fallback reads failed because the budget was spent.
	 * @return the count so far
	 */
	public long rejected() {
		return this.rejected.sum();
	}

	/**
	 * Take a place for a read on the primary, waiting up to the bulkhead's maximum wait.
	 * @return whether a place was taken; one taken is given back with {@link #release()}
	 */
	boolean tryAcquire() {
		if (this.bulkhead.tryAcquirePermission()) {
			return true;
		}
		this.rejected.increment();
		return false;
	}

	void release() {
		this.bulkhead.onComplete();
	}

	/** Why a read was refused, naming what to change. */
	String refusal() {
		BulkheadConfig config = this.bulkhead.getBulkheadConfig();
		return "the primary is protected: " + config.getMaxConcurrentCalls()
				+ " reads already run on it for lack of a replica and none finished within "
				+ config.getMaxWaitDuration().toMillis() + " ms; bring a replica back, or raise "
				+ "replica-routing.protection.fallback-max-concurrent or replica-routing.protection.fallback-max-wait";
	}

}
