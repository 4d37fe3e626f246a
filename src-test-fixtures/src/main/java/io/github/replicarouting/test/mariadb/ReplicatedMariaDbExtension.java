package io.github.replicarouting.test.mariadb;

import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.github.replicarouting.test.internal.TestClassClusters;

/**
 * The JUnit Jupiter extension behind {@link ReplicatedMariaDbTest}: one cluster per test class
 * (its {@code @Nested} classes share it), started before the class and closed after it, injected
 * into any {@code ReplicatedMariaDb} parameter. {@link #cluster(Class)} reaches the same cluster
 * from code that JUnit does not call, such as a {@code @DynamicPropertySource} method.
 */
public final class ReplicatedMariaDbExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final TestClassClusters<ReplicatedMariaDbTest, ReplicatedMariaDb> clusters = new TestClassClusters<>(
			ReplicatedMariaDbTest.class);

	/**
	 * The cluster of a test class, started now if its extension has not started it yet.
	 * @param testClass the test class, or one of its {@code @Nested} classes
	 * @return the running cluster
	 */
	public static ReplicatedMariaDb cluster(Class<?> testClass) {
		return clusters.cluster(testClass, (owner) -> {
			int replicas = annotation(owner).map(ReplicatedMariaDbTest::replicas).orElse(2);
			return ReplicatedMariaDb.builder().replicas(replicas).start();
		});
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		cluster(context.getRequiredTestClass());
	}

	/**
	 * Closes the cluster after the class that owns it; JUnit runs this after its nested classes.
	 */
	@Override
	public void afterAll(ExtensionContext context) {
		clusters.removeIfOwner(context.getRequiredTestClass()).ifPresent(ReplicatedMariaDb::close);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == ReplicatedMariaDb.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return cluster(extensionContext.getRequiredTestClass());
	}

	static Optional<ReplicatedMariaDbTest> annotation(Class<?> testClass) {
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
