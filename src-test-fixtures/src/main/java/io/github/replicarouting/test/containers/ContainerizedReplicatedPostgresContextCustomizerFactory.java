package io.github.replicarouting.test.containers;

import io.github.replicarouting.test.internal.ClusterPropertiesCustomizerFactory;

/**
 * Adds the cluster's {@code replica-routing.*} properties to the environment of a Spring test
 * annotated with {@link ContainerizedReplicatedPostgresTest}, ahead of every other property source. Declared by the annotation itself ({@code @ContextCustomizerFactories}), so it needs no
 * {@code spring.factories} entry.
 */
class ContainerizedReplicatedPostgresContextCustomizerFactory extends ClusterPropertiesCustomizerFactory<ContainerizedReplicatedPostgresTest, ContainerizedReplicatedPostgres> {

	ContainerizedReplicatedPostgresContextCustomizerFactory() {
		super("containerizedReplicatedPostgres", ContainerizedReplicatedPostgresExtension.clusters, ContainerizedReplicatedPostgresTest::registerProperties, ContainerizedReplicatedPostgres::properties);
	}

}
