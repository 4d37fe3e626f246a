package io.github.replicarouting.test;

import io.github.replicarouting.test.internal.ClusterExtension;
import io.github.replicarouting.test.internal.TestClassClusters;

/**
 * The JUnit Jupiter extension behind {@link ReplicatedPostgresTest}: one cluster per test class
 * (its {@code @Nested} classes share it), started before the class and closed after it, injected
 * into any {@code ReplicatedPostgres} parameter. {@link #cluster(Class)} reaches the same
 * cluster from code that JUnit does not call, such as a {@code @DynamicPropertySource} method.
 */
public final class ReplicatedPostgresExtension extends ClusterExtension {

	static final TestClassClusters<ReplicatedPostgresTest, ReplicatedPostgres> clusters = new TestClassClusters<>(ReplicatedPostgresTest.class,
			ReplicatedPostgres.class,
			(annotation) -> ReplicatedPostgres.builder().replicas(annotation.map(ReplicatedPostgresTest::replicas).orElse(2)).start(),
			ReplicatedPostgres::close);

	public ReplicatedPostgresExtension() {
		super(clusters);
	}

	/**
	 * The cluster of a test class, started now if its extension has not started it yet.
	 * @param testClass the test class, or one of its {@code @Nested} classes
	 * @return the running cluster
	 */
	public static ReplicatedPostgres cluster(Class<?> testClass) {
		return clusters.cluster(testClass);
	}

}
