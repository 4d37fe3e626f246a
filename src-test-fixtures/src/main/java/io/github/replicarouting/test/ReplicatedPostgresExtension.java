package io.github.replicarouting.test;

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
 * The JUnit Jupiter extension behind {@link ReplicatedPostgresTest}: one cluster per test class
 * (its {@code @Nested} classes share it), started before the class and closed after it, injected
 * into any {@code ReplicatedPostgres} parameter. {@link #cluster(Class)} reaches the same cluster
 * from code that JUnit does not call, such as a {@code @DynamicPropertySource} method.
 */
public final class ReplicatedPostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	/**
	 * Clusters by owning test class. Static, because Spring builds its context (and calls
	 * {@code @DynamicPropertySource} methods) outside this extension's callbacks, and with
	 * {@code @TestInstance(PER_CLASS)} even before {@code beforeAll}.
	 */
	private static final Map<Class<?>, ReplicatedPostgres> clusters = new ConcurrentHashMap<>();

	/**
	 * The cluster of a test class, started now if its extension has not started it yet.
	 * @param testClass the test class, or one of its {@code @Nested} classes
	 * @return the running cluster
	 */
	public static ReplicatedPostgres cluster(Class<?> testClass) {
		Class<?> owner = owner(testClass);
		int replicas = annotation(owner).map(ReplicatedPostgresTest::replicas).orElse(2);
		return clusters.computeIfAbsent(owner, (key) -> ReplicatedPostgres.builder().replicas(replicas).start());
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
			ReplicatedPostgres cluster = clusters.remove(testClass);
			if (cluster != null) {
				cluster.close();
			}
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == ReplicatedPostgres.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return cluster(extensionContext.getRequiredTestClass());
	}

	static Optional<ReplicatedPostgresTest> annotation(Class<?> testClass) {
		return AnnotationSupport.findAnnotation(owner(testClass), ReplicatedPostgresTest.class);
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
			if (AnnotationSupport.isAnnotated(current, ReplicatedPostgresTest.class)) {
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
