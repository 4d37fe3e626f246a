package io.github.replicarouting.test.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The clusters of one of the fixtures' JUnit extensions, one per owning test class: which class
 * owns a cluster (its {@code @Nested} classes share it), starting it on first use and closing it
 * when its owner is done. Each extension keeps one, in a static field, because Spring builds its
 * context (and calls {@code @DynamicPropertySource} methods) outside the extension's callbacks,
 * and with {@code @TestInstance(PER_CLASS)} even before {@code beforeAll}.
 *
 * @param <A> the annotation that marks a test class as the owner of a cluster
 * @param <C> the cluster type
 */
public final class TestClassClusters<A extends Annotation, C> {

	private final Class<A> annotationType;

	private final Class<C> clusterType;

	private final Function<Optional<A>, C> start;

	private final Consumer<C> close;

	private final Map<Class<?>, C> clusters = new ConcurrentHashMap<>();

	/**
	 * @param annotationType the annotation of an owning class
	 * @param clusterType the cluster type, which test methods can declare as a parameter
	 * @param start starts a cluster as the owner's annotation (if any) asks
	 * @param close closes a cluster
	 */
	public TestClassClusters(Class<A> annotationType, Class<C> clusterType, Function<Optional<A>, C> start,
			Consumer<C> close) {
		this.annotationType = annotationType;
		this.clusterType = clusterType;
		this.start = start;
		this.close = close;
	}

	Class<C> clusterType() {
		return this.clusterType;
	}

	/** The cluster of a test class, started now if nobody has started it yet. */
	public C cluster(Class<?> testClass) {
		return this.clusters.computeIfAbsent(owner(testClass), (owner) -> this.start.apply(annotation(owner)));
	}

	/**
	 * Closes the cluster of {@code testClass} if it owns one, so that it is closed after the owner
	 * and not after one of its nested classes (JUnit finishes those first).
	 */
	void closeIfOwner(Class<?> testClass) {
		if (owner(testClass) == testClass) {
			Optional.ofNullable(this.clusters.remove(testClass)).ifPresent(this.close);
		}
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
