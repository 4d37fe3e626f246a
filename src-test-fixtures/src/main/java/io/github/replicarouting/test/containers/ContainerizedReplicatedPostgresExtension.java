package io.github.replicarouting.test.containers;

import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.github.replicarouting.test.internal.TestClassClusters;

/**
 * The JUnit Jupiter extension behind {@link ContainerizedReplicatedPostgresTest}: skips the class
 * when no Docker engine answers (or lets it fail when Docker is required), starts one cluster per
 * test class before it and removes it after it, and injects it into any
 * {@code ContainerizedReplicatedPostgres} parameter. {@link #cluster(Class)} reaches the same
 * cluster from code that JUnit does not call, such as a {@code @DynamicPropertySource} method.
 */
public final class ContainerizedReplicatedPostgresExtension
		implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final TestClassClusters<ContainerizedReplicatedPostgresTest, ContainerizedReplicatedPostgres> clusters = new TestClassClusters<>(
			ContainerizedReplicatedPostgresTest.class);

	/**
	 * The cluster of a test class, started now if its extension has not started it yet.
	 * @param testClass the test class, or one of its {@code @Nested} classes
	 * @return the running cluster
	 */
	public static ContainerizedReplicatedPostgres cluster(Class<?> testClass) {
		return clusters.cluster(testClass, (owner) -> {
			ContainerizedReplicatedPostgres.Builder builder = ContainerizedReplicatedPostgres.builder();
			annotation(owner).ifPresent((annotation) -> {
				builder.replicas(annotation.replicas());
				if (!annotation.image().isBlank()) {
					builder.image(annotation.image());
				}
			});
			return builder.start();
		});
	}

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		Optional<String> unavailable = DockerEngine.unavailableReason();
		if (unavailable.isEmpty()) {
			return ConditionEvaluationResult.enabled("a Docker engine answers");
		}
		if (ContainerDefaults.fromSystem().requireDocker()) {
			// Runs, and fails in beforeAll with the reason: CI asked for Docker.
			return ConditionEvaluationResult.enabled("Docker is required (" + ContainerDefaults.REQUIRE_DOCKER_VARIABLE
					+ "=true), so its absence fails the tests");
		}
		return ConditionEvaluationResult.disabled("No Docker engine answers, so the containerized PostgreSQL tests "
				+ "are skipped (" + unavailable.get() + "). Set " + ContainerDefaults.REQUIRE_DOCKER_VARIABLE
				+ "=true to make this a failure.");
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		cluster(context.getRequiredTestClass());
	}

	/**
	 * Removes the cluster after the class that owns it; JUnit runs this after its nested classes.
	 */
	@Override
	public void afterAll(ExtensionContext context) {
		clusters.removeIfOwner(context.getRequiredTestClass()).ifPresent(ContainerizedReplicatedPostgres::close);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == ContainerizedReplicatedPostgres.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return cluster(extensionContext.getRequiredTestClass());
	}

	static Optional<ContainerizedReplicatedPostgresTest> annotation(Class<?> testClass) {
		return clusters.annotation(testClass);
	}

	/**
	 * The class whose cluster a test class uses: the outermost class of a chain of
	 * {@code @Nested} (inner) classes that carries the annotation, else the outermost one.
	 */
	static Class<?> owner(Class<?> testClass) {
		return clusters.owner(testClass);
	}

}
