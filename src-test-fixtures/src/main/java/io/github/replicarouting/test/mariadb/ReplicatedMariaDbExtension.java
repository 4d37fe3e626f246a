package io.github.replicarouting.test.mariadb;

import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link ReplicatedMariaDbTest}: one cluster per test class
 * (its {@code @Nested} classes share it), started before the class and closed after it, injected
 * into any {@code ReplicatedMariaDb} parameter. {@link #cluster(Class)} reaches the same cluster
 * from code that JUnit does not call, such as a {@code @DynamicPropertySource} method.
 */
public final class ReplicatedMariaDbExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	/**
	 * Clusters by owning test class. Static, because Spring builds its context (and calls
	 * {@code @DynamicPropertySource} methods) outside this extension's callbacks.
	 */
	private static final Map<Class<?>, ReplicatedMariaDb> clusters = new ConcurrentHashMap<>();

	/**
	 * The cluster of a test class, started now if its extension has not started it yet.
	 * @param testClass the test class, or one of its {@code @Nested} classes
	 * @return the running cluster
	 */
	public static ReplicatedMariaDb cluster(Class<?> testClass) {
		Class<?> owner = owner(testClass);
		int replicas = annotation(owner).map(ReplicatedMariaDbTest::replicas).orElse(2);
		return clusters.computeIfAbsent(owner, (key) -> ReplicatedMariaDb.builder().replicas(replicas).start());
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
		Class<?> testClass = context.getRequiredTestClass();
		if (owner(testClass) == testClass) {
			ReplicatedMariaDb cluster = clusters.remove(testClass);
			if (cluster != null) {
				cluster.close();
			}
		}
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
		return AnnotationSupport.findAnnotation(owner(testClass), ReplicatedMariaDbTest.class);
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
			if (AnnotationSupport.isAnnotated(current, ReplicatedMariaDbTest.class)) {
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
