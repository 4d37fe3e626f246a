package io.github.replicarouting.test.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.platform.commons.support.AnnotationSupport;

import io.github.replicarouting.test.Backend;
import io.github.replicarouting.test.ClusterBuilder;
import io.github.replicarouting.test.ReplicatedCluster;

/**
 * The clusters of one of the fixtures' annotations, one per owning test class: which class owns
 * a cluster (its {@code @Nested} classes share it), starting it as the annotation says on first
 * use and closing it when its owner is done. Each database keeps one, in a static field, because
 * Spring builds its context (and calls {@code @DynamicPropertySource} methods) outside the
 * extension's callbacks, and with {@code @TestInstance(PER_CLASS)} even before {@code beforeAll}.
 *
 * @param <A> the annotation that marks a test class as the owner of a cluster
 * @param <C> the cluster type
 */
public final class TestClassClusters<A extends Annotation, C extends ReplicatedCluster<?>> {

	private final Class<A> annotationType;

	private final Class<C> clusterType;

	private final Function<A, Settings> settings;

	private final Supplier<? extends ClusterBuilder<?, C>> builder;

	private final Map<Class<?>, C> clusters = new ConcurrentHashMap<>();

	/**
	 * @param annotationType the annotation of an owning class
	 * @param clusterType the cluster type, which test methods can declare as a parameter
	 * @param settings what an annotation asks for
	 * @param builder a new builder of the cluster type
	 */
	public TestClassClusters(Class<A> annotationType, Class<C> clusterType, Function<A, Settings> settings,
			Supplier<? extends ClusterBuilder<?, C>> builder) {
		this.annotationType = annotationType;
		this.clusterType = clusterType;
		this.settings = settings;
		this.builder = builder;
	}

	/**
	 * What a fixture's annotation asks for.
	 *
	 * @param replicas how many replicas
	 * @param backend where the servers run
	 * @param image the containers' image, or empty for the default
	 * @param registerProperties whether a Spring test gets the cluster's properties
	 */
	public record Settings(int replicas, Backend backend, String image, boolean registerProperties) {

	}

	Class<C> clusterType() {
		return this.clusterType;
	}

	/** The cluster of a test class, started now if nobody has started it yet. */
	public C cluster(Class<?> testClass) {
		return this.clusters.computeIfAbsent(owner(testClass), this::start);
	}

	private C start(Class<?> owner) {
		ClusterBuilder<?, C> configured = this.builder.get();
		settings(owner).ifPresent((wanted) -> {
			configured.replicas(wanted.replicas()).backend(wanted.backend());
			if (!wanted.image().isBlank()) {
				configured.image(wanted.image());
			}
		});
		return configured.start();
	}

	/**
	 * Closes the cluster of {@code testClass} if it owns one, so that it is closed after the owner
	 * and not after one of its nested classes (JUnit finishes those first).
	 */
	void closeIfOwner(Class<?> testClass) {
		if (owner(testClass) == testClass) {
			Optional.ofNullable(this.clusters.remove(testClass)).ifPresent(ReplicatedCluster::close);
		}
	}

	/**
	 * Whether the tests of a class run: yes, unless its cluster runs in containers and no Docker
	 * engine answers (see {@link DockerEngine#condition}).
	 */
	ConditionEvaluationResult condition(Class<?> testClass) {
		boolean containers = settings(testClass).map((wanted) -> wanted.backend() == Backend.CONTAINERS)
			.orElse(false);
		return containers ? DockerEngine.condition(this.clusterType.getSimpleName())
				: ConditionEvaluationResult.enabled("the cluster is embedded");
	}

	/** Whether a Spring test of this class gets the cluster's properties. */
	public boolean registersProperties(Class<?> testClass) {
		return settings(testClass).map(Settings::registerProperties).orElse(false);
	}

	private Optional<Settings> settings(Class<?> testClass) {
		return AnnotationSupport.findAnnotation(owner(testClass), this.annotationType).map(this.settings);
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

	private static @Nullable Class<?> enclosingOfInner(Class<?> type) {
		boolean inner = type.isMemberClass() && !Modifier.isStatic(type.getModifiers());
		return inner ? type.getEnclosingClass() : null;
	}

}
