package io.github.replicarouting.test.mariadb;

import io.github.replicarouting.test.internal.ClusterExtension;
import io.github.replicarouting.test.internal.TestClassClusters;

/**
 * The JUnit Jupiter extension behind {@link ReplicatedMariaDbTest}, and the clusters it starts
 * (which {@link ReplicatedMariaDb#forTestClass(Class)} and the Spring customizer reach too).
 */
final class ReplicatedMariaDbExtension extends ClusterExtension {

	static final TestClassClusters<ReplicatedMariaDbTest, ReplicatedMariaDb> clusters = new TestClassClusters<>(
			ReplicatedMariaDbTest.class, ReplicatedMariaDb.class, (annotation) -> new TestClassClusters.Settings(
					annotation.replicas(), annotation.backend(), annotation.image(), annotation.registerProperties()),
			ReplicatedMariaDb::builder);

	ReplicatedMariaDbExtension() {
		super(clusters);
	}

}
