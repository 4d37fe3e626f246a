package io.github.replicarouting.test.mariadb;

import io.github.replicarouting.test.internal.ClusterPropertiesCustomizerFactory;

/**
 * Adds the cluster's {@code replica-routing.*} properties to the environment of a Spring test
 * annotated with {@link ReplicatedMariaDbTest}, ahead of every other property source. Registered by the annotation itself ({@code @ContextCustomizerFactories}), so it needs no
 * {@code spring.factories} entry and costs nothing to tests that do not use MariaDB.
 */
class ReplicatedMariaDbContextCustomizerFactory extends ClusterPropertiesCustomizerFactory<ReplicatedMariaDbTest, ReplicatedMariaDb> {

	ReplicatedMariaDbContextCustomizerFactory() {
		super("replicatedMariaDb", ReplicatedMariaDbExtension.clusters, ReplicatedMariaDbTest::registerProperties, ReplicatedMariaDb::properties);
	}

}
