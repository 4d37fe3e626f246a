package io.github.replicarouting.test.postgresql;

import io.github.replicarouting.test.internal.ClusterPropertiesCustomizerFactory;

/**
 * Adds the cluster's {@code replica-routing.*} properties to the environment of a Spring test
 * annotated with {@link ReplicatedPostgresTest}, ahead of every other property source. Declared
 * by the annotation itself ({@code @ContextCustomizerFactories}), so it needs no
 * {@code spring.factories} entry and costs nothing to the other Spring tests on the classpath.
 */
class ReplicatedPostgresContextCustomizerFactory extends ClusterPropertiesCustomizerFactory {

	ReplicatedPostgresContextCustomizerFactory() {
		super("replicatedPostgres", ReplicatedPostgresExtension.clusters);
	}

}
