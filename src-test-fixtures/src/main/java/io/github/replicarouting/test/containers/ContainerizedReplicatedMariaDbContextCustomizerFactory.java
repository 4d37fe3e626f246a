package io.github.replicarouting.test.containers;

import io.github.replicarouting.test.internal.ClusterPropertiesCustomizerFactory;

/**
 * Adds the cluster's {@code replica-routing.*} properties to the environment of a Spring test
 * annotated with {@link ContainerizedReplicatedMariaDbTest}, ahead of every other property source. Declared by the annotation itself ({@code @ContextCustomizerFactories}), so it needs no
 * {@code spring.factories} entry.
 */
class ContainerizedReplicatedMariaDbContextCustomizerFactory extends ClusterPropertiesCustomizerFactory<ContainerizedReplicatedMariaDbTest, ContainerizedReplicatedMariaDb> {

	ContainerizedReplicatedMariaDbContextCustomizerFactory() {
		super("containerizedReplicatedMariaDb", ContainerizedReplicatedMariaDbExtension.clusters, ContainerizedReplicatedMariaDbTest::registerProperties, ContainerizedReplicatedMariaDb::properties);
	}

}
