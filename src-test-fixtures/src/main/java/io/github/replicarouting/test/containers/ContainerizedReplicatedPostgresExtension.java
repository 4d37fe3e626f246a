package io.github.replicarouting.test.containers;

import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link ContainerizedReplicatedPostgresTest}: skips the class
 * when no Docker engine answers (or lets it fail when Docker is required), starts one cluster per
 * test class before it and removes it after it, and injects it into any
 * {@code ContainerizedReplicatedPostgres} parameter. {@link #cluster(Class)} reaches the same
 * cluster from code that JUnit does not call, such as a {@code @DynamicPropertySource} method.
 */
public final class ContainerizedReplicatedPostgresExtension
		implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, ParameterResolver {

	/**
	 * Clusters by owning test class. Static, because Spring builds its context (and calls
	 * {@code @DynamicPropertySource} methods) outside this extension's callbacks.
	 */
	private static final Map<Class<?>, ContainerizedReplicatedPostgres> clusters = new ConcurrentHashMap<>();

	/**
	 * The cluster of a test class, started now if its extension has not started it yet.
	 * @param testClass the test class, or one of its {@code @Nested} classes
	 * @return the running cluster
	 */
	public static ContainerizedReplicatedPostgres cluster(Class<?> testClass) {
		Class<?> owner = owner(testClass);
		return clusters.computeIfAbsent(owner, (key) -> {
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
		Class<?> testClass = context.getRequiredTestClass();
		if (owner(testClass) == testClass) {
			ContainerizedReplicatedPostgres cluster = clusters.remove(testClass);
			if (cluster != null) {
				cluster.close();
			}
		}
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
		return AnnotationSupport.findAnnotation(owner(testClass), ContainerizedReplicatedPostgresTest.class);
	}

	/**
	 * The class whose cluster a test class uses: the outermost class of a chain of
	 * {@code @Nested} (inner) classes that carries the annotation, else the outermost one.
	 */
	static Class<?> owner(Class<?> testClass) {
		Class<?> owner = testClass;
		Class<?> annotated = null;
		for (Class<?> current = testClass; current != null; current = enclosingOfInner(current)) {
			owner = current;
			if (AnnotationSupport.isAnnotated(current, ContainerizedReplicatedPostgresTest.class)) {
				annotated = current;
			}
		}
		return (annotated != null) ? annotated : owner;
	}

	private static Class<?> enclosingOfInner(Class<?> type) {
		boolean inner = type.isMemberClass() && !Modifier.isStatic(type.getModifiers());
		return inner ? type.getEnclosingClass() : null;
	}

}
