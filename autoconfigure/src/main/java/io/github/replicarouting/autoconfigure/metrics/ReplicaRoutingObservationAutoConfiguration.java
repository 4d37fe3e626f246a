package io.github.replicarouting.autoconfigure.metrics;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import io.github.replicarouting.autoconfigure.ReplicaRoutingAutoConfiguration;
import io.github.replicarouting.autoconfigure.ReplicaRoutingDataSourceBuilderCustomizer;

/**
 * Auto-configuration of one {@code replica.routing.route} observation per routed piece of work,
 * in the application's {@link ObservationRegistry} (Spring Boot's, with Actuator), so that
 * tracing shows where each transaction ran and why. Without a registry, routing creates none.
 */
@AutoConfiguration(before = ReplicaRoutingAutoConfiguration.class)
@ConditionalOnClass(ObservationRegistry.class)
public final class ReplicaRoutingObservationAutoConfiguration {

	@Bean
	ReplicaRoutingDataSourceBuilderCustomizer replicaRoutingObservation(ObjectProvider<ObservationRegistry> registry) {
		return (builder) -> registry.ifUnique(builder::observationRegistry);
	}

}
