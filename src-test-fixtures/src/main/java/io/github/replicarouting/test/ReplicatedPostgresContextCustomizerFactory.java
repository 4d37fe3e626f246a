package io.github.replicarouting.test;

import io.github.replicarouting.test.internal.ClusterPropertiesCustomizerFactory;

/**
 * Adds the cluster's {@code replica-routing.*} properties to the environment of a Spring test
 * annotated with {@link ReplicatedPostgresTest}, ahead of every other property source. Registered in {@code META-INF/spring.factories}, so Spring finds it whenever this module is on
 * the test classpath.
 */
class ReplicatedPostgresContextCustomizerFactory extends ClusterPropertiesCustomizerFactory<ReplicatedPostgresTest, ReplicatedPostgres> {

	ReplicatedPostgresContextCustomizerFactory() {
		super("replicatedPostgres", ReplicatedPostgresExtension.clusters, ReplicatedPostgresTest::registerProperties, ReplicatedPostgres::properties);
	}

}
