package io.github.replicarouting.test.postgresql;

import io.github.replicarouting.test.internal.ClusterExtension;
import io.github.replicarouting.test.internal.TestClassClusters;

/**
 * The JUnit Jupiter extension behind {@link ReplicatedPostgresTest}, and the clusters it starts
 * (which {@link ReplicatedPostgres#forTestClass(Class)} and the Spring customizer reach too).
 */
final class ReplicatedPostgresExtension extends ClusterExtension {

	static final TestClassClusters<ReplicatedPostgresTest, ReplicatedPostgres> clusters = new TestClassClusters<>(
			ReplicatedPostgresTest.class, ReplicatedPostgres.class, (annotation) -> new TestClassClusters.Settings(
					annotation.replicas(), annotation.backend(), annotation.image(), annotation.registerProperties()),
			ReplicatedPostgres::builder);

	ReplicatedPostgresExtension() {
		super(clusters);
	}

}
