package io.github.replicarouting.test.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The clusters of the fixtures' JUnit extensions, one per owning test class: which class owns a
 * cluster (its {@code @Nested} classes share it), starting it on first use and handing it back
 * when its owner is done. The extensions keep one each, in a static field, because Spring builds
 * its context (and calls {@code @DynamicPropertySource} methods) outside their callbacks, and with
 * {@code @TestInstance(PER_CLASS)} even before {@code beforeAll}.
 *
 * @param <A> the annotation that marks a test class as the owner of a cluster
 * @param <C> the cluster type
 */
public final class TestClassClusters<A extends Annotation, C> {

	private final Class<A> annotationType;

	private final Map<Class<?>, C> clusters = new ConcurrentHashMap<>();

	public TestClassClusters(Class<A> annotationType) {
		this.annotationType = annotationType;
	}

	/**
	 * The cluster of a test class, started now by {@code start} (given the owning class) if
	 * nobody has started it yet.
	 */
	public C cluster(Class<?> testClass, Function<Class<?>, C> start) {
		Class<?> owner = owner(testClass);
		return this.clusters.computeIfAbsent(owner, start);
	}

	/**
	 * Forgets and returns the cluster of {@code testClass} if it owns one, so that it is closed
	 * after the owner and not after one of its nested classes (JUnit finishes those first).
	 */
	public Optional<C> removeIfOwner(Class<?> testClass) {
		if (owner(testClass) != testClass) {
			return Optional.empty();
		}
		return Optional.ofNullable(this.clusters.remove(testClass));
	}

	public Optional<A> annotation(Class<?> testClass) {
		return AnnotationSupport.findAnnotation(owner(testClass), this.annotationType);
	}

	/**
	 * The class whose cluster a test class uses: the outermost class of a chain of
	 * {@code @Nested} (inner) classes that carries the annotation, else the outermost one.
	 */
	public Class<?> owner(Class<?> testClass) {
		Class<?> owner = testClass;
		Class<?> annotated = null;
		for (Class<?> current = testClass; current != null; current = enclosingOfInner(current)) {
			owner = current;
			if (AnnotationSupport.isAnnotated(current, this.annotationType)) {
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
