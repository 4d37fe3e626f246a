package io.github.replicarouting.test.containers;

import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.github.replicarouting.test.internal.ClusterExtension;
import io.github.replicarouting.test.internal.TestClassClusters;

/**
 * The JUnit Jupiter extension behind {@link ContainerizedReplicatedMariaDbTest}: one cluster per test
 * class (its {@code @Nested} classes share it), started before the class and removed after it,
 * injected into any {@code ContainerizedReplicatedMariaDb} parameter. Without a Docker engine the
 * class is skipped, or fails when Docker is required. {@link #cluster(Class)} reaches the same
 * cluster from code that JUnit does not call, such as a {@code @DynamicPropertySource} method.
 */
public final class ContainerizedReplicatedMariaDbExtension extends ClusterExtension
		implements ExecutionCondition {

	static final TestClassClusters<ContainerizedReplicatedMariaDbTest, ContainerizedReplicatedMariaDb> clusters = new TestClassClusters<>(
			ContainerizedReplicatedMariaDbTest.class, ContainerizedReplicatedMariaDb.class, ContainerizedReplicatedMariaDbExtension::start,
			ContainerizedReplicatedMariaDb::close);

	public ContainerizedReplicatedMariaDbExtension() {
		super(clusters);
	}

	/**
	 * The cluster of a test class, started now if its extension has not started it yet.
	 * @param testClass the test class, or one of its {@code @Nested} classes
	 * @return the running cluster
	 */
	public static ContainerizedReplicatedMariaDb cluster(Class<?> testClass) {
		return clusters.cluster(testClass);
	}

	/**
	 * Skips the class when no Docker engine answers, or lets it fail in {@code beforeAll} with
	 * the reason when Docker is required.
	 */
	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		return DockerEngine.condition("MariaDB");
	}

	private static ContainerizedReplicatedMariaDb start(Optional<ContainerizedReplicatedMariaDbTest> annotation) {
		ContainerizedReplicatedMariaDb.Builder builder = ContainerizedReplicatedMariaDb.builder();
		annotation.ifPresent((settings) -> {
			builder.replicas(settings.replicas());
			if (!settings.image().isBlank()) {
				builder.image(settings.image());
			}
		});
		return builder.start();
	}

}
