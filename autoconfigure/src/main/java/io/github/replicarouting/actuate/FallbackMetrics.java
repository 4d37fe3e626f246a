package io.github.replicarouting.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.replicarouting.FallbackBudget;
import io.github.replicarouting.ReplicaRoutingDataSource;

/**
 * Micrometer metrics of the fallback budget: {@code replica.routing.fallback.rejected}, the reads
 * refused because the primary was protected. Resilience4j's own bulkhead metrics
 * ({@code resilience4j.bulkhead.*}, name {@value FallbackBudget#NAME}) show how much of the budget
 * is in use.
 */
public class FallbackMetrics implements MeterBinder {

	private final ReplicaRoutingDataSource dataSource;

	private final Tags tags;

	/**
	 * Create the metrics.
	 * @param dataSource the routing data source whose budget they show; nothing is bound when it
	 * has none
	 */
	public FallbackMetrics(ReplicaRoutingDataSource dataSource) {
		this(dataSource, Tags.empty());
	}

	/**
	 * Create the metrics of one group among several, with {@code tags} (a shard's
	 * {@code shard=<name>}).
	 * @param dataSource the group's routing data source
	 * @param tags the tags of every meter
	 */
	public FallbackMetrics(ReplicaRoutingDataSource dataSource, Iterable<Tag> tags) {
		this.dataSource = dataSource;
		this.tags = Tags.of(tags);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.dataSource.getFallbackBudget()
			.ifPresent((budget) -> FunctionCounter
				.builder("replica.routing.fallback.rejected", budget, FallbackBudget::rejected)
				.description("Reads refused because the primary's fallback budget was spent")
				.tags(this.tags)
				.register(registry));
	}

}
