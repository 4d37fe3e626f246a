package io.github.replicarouting.test.mariadb;

import io.github.replicarouting.test.internal.ClusterExtension;
import io.github.replicarouting.test.internal.TestClassClusters;

/**
 * The JUnit Jupiter extension behind {@link ReplicatedMariaDbTest}: one cluster per test class
 * (its {@code @Nested} classes share it), started before the class and closed after it, injected
 * into any {@code ReplicatedMariaDb} parameter. {@link #cluster(Class)} reaches the same
 * cluster from code that JUnit does not call, such as a {@code @DynamicPropertySource} method.
 */
public final class ReplicatedMariaDbExtension extends ClusterExtension {

	static final TestClassClusters<ReplicatedMariaDbTest, ReplicatedMariaDb> clusters = new TestClassClusters<>(ReplicatedMariaDbTest.class,
			ReplicatedMariaDb.class,
			(annotation) -> ReplicatedMariaDb.builder().replicas(annotation.map(ReplicatedMariaDbTest::replicas).orElse(2)).start(),
			ReplicatedMariaDb::close);

	public ReplicatedMariaDbExtension() {
		super(clusters);
	}

	/**
	 * The cluster of a test class, started now if its extension has not started it yet.
	 * @param testClass the test class, or one of its {@code @Nested} classes
	 * @return the running cluster
	 */
	public static ReplicatedMariaDb cluster(Class<?> testClass) {
		return clusters.cluster(testClass);
	}

}
