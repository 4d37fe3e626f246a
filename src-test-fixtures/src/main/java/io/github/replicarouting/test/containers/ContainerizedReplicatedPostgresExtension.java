package io.github.replicarouting.test.containers;

import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.github.replicarouting.test.internal.ClusterExtension;
import io.github.replicarouting.test.internal.TestClassClusters;

/**
 * The JUnit Jupiter extension behind {@link ContainerizedReplicatedPostgresTest}: one cluster per test
 * class (its {@code @Nested} classes share it), started before the class and removed after it,
 * injected into any {@code ContainerizedReplicatedPostgres} parameter. Without a Docker engine the
 * class is skipped, or fails when Docker is required. {@link #cluster(Class)} reaches the same
 * cluster from code that JUnit does not call, such as a {@code @DynamicPropertySource} method.
 */
public final class ContainerizedReplicatedPostgresExtension extends ClusterExtension
		implements ExecutionCondition {

	static final TestClassClusters<ContainerizedReplicatedPostgresTest, ContainerizedReplicatedPostgres> clusters = new TestClassClusters<>(
			ContainerizedReplicatedPostgresTest.class, ContainerizedReplicatedPostgres.class, ContainerizedReplicatedPostgresExtension::start, ContainerizedReplicatedPostgres::close);

	public ContainerizedReplicatedPostgresExtension() {
		super(clusters);
	}

	/**
	 * The cluster of a test class, started now if its extension has not started it yet.
	 * @param testClass the test class, or one of its {@code @Nested} classes
	 * @return the running cluster
	 */
	public static ContainerizedReplicatedPostgres cluster(Class<?> testClass) {
		return clusters.cluster(testClass);
	}

	/**
	 * Skips the class when no Docker engine answers, or lets it fail in {@code beforeAll} with
	 * the reason when Docker is required.
	 */
	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		return DockerEngine.condition("PostgreSQL");
	}

	private static ContainerizedReplicatedPostgres start(Optional<ContainerizedReplicatedPostgresTest> annotation) {
		ContainerizedReplicatedPostgres.Builder builder = ContainerizedReplicatedPostgres.builder();
		annotation.ifPresent((settings) -> {
			builder.replicas(settings.replicas());
			if (!settings.image().isBlank()) {
				builder.image(settings.image());
			}
		});
		return builder.start();
	}

}
