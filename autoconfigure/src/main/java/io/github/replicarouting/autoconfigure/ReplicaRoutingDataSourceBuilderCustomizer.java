package io.github.replicarouting.autoconfigure;

import io.github.replicarouting.ReplicaRoutingDataSource;

/**
 * Customizes the {@link ReplicaRoutingDataSource.Builder} the auto-configuration builds the
 * routing data source with, after it has applied the {@code replica-routing.*} properties.
 * Beans of this type are applied in order; the auto-configuration uses one to observe routing
 * when the application has an {@code ObservationRegistry}.
 */
@FunctionalInterface
public interface ReplicaRoutingDataSourceBuilderCustomizer {

	/**
	 * Customize the builder.
	 * @param builder the builder of the routing data source
	 */
	void customize(ReplicaRoutingDataSource.Builder builder);

}
