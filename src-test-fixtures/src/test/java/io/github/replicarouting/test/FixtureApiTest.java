package io.github.replicarouting.test;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.context.ContextCustomizerFactory;

import io.github.replicarouting.test.mariadb.ReplicatedMariaDbTest;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the fixtures' API: nothing of the {@code internal} package shows in what a user
 * can see or extend, and the Spring customizers are registered by the annotations alone.
 */
class FixtureApiTest {

	private static final String INTERNAL = "io.github.replicarouting.test.internal";

	@Test
	void publicAndProtectedSignaturesNameNoInternalType() throws Exception {
		List<String> leaks = new ArrayList<>();
		for (Class<?> type : publicTypes()) {
			List<Type> seen = new ArrayList<>();
			seen.add(type.getGenericSuperclass());
			seen.addAll(Arrays.asList(type.getGenericInterfaces()));
			for (Constructor<?> constructor : type.getDeclaredConstructors()) {
				if (visible(constructor.getModifiers())) {
					seen.addAll(Arrays.asList(constructor.getGenericParameterTypes()));
				}
			}
			for (Method method : type.getDeclaredMethods()) {
				if (visible(method.getModifiers()) && !method.isSynthetic()) {
					seen.add(method.getGenericReturnType());
					seen.addAll(Arrays.asList(method.getGenericParameterTypes()));
				}
			}
			for (Field field : type.getDeclaredFields()) {
				if (visible(field.getModifiers())) {
					seen.add(field.getGenericType());
				}
			}
			seen.stream()
				.flatMap(FixtureApiTest::classesIn)
				.filter((named) -> named.getPackageName().equals(INTERNAL))
				.forEach((named) -> leaks.add(type.getName() + " -> " + named.getName()));
		}
		assertThat(leaks).isEmpty();
	}

	@Test
	void springTestsWithoutAFixtureAnnotationRunNoFixtureCustomizer() {
		List<String> registered = SpringFactoriesLoader.loadFactoryNames(ContextCustomizerFactory.class,
				getClass().getClassLoader());
		assertThat(registered).noneMatch((name) -> name.startsWith("io.github.replicarouting.test."));
		assertThat(ReplicatedPostgresTest.class).hasAnnotation(ContextCustomizerFactories.class);
		assertThat(ReplicatedMariaDbTest.class).hasAnnotation(ContextCustomizerFactories.class);
	}

	private static boolean visible(int modifiers) {
		return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
	}

	/** The public types, nested ones included, of the fixtures' API packages. */
	private static List<Class<?>> publicTypes() throws URISyntaxException, ClassNotFoundException {
		File root = new File(ReplicatedCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		List<Class<?>> types = new ArrayList<>();
		for (String pkg : List.of("io.github.replicarouting.test", "io.github.replicarouting.test.postgresql",
				"io.github.replicarouting.test.mariadb")) {
			File[] files = new File(root, pkg.replace('.', '/')).listFiles((dir, name) -> name.endsWith(".class"));
			for (File file : files) {
				String name = pkg + "." + file.getName().replace(".class", "");
				Class<?> type = Class.forName(name, false, FixtureApiTest.class.getClassLoader());
				if (Modifier.isPublic(type.getModifiers()) && !name.endsWith("package-info")) {
					types.add(type);
				}
			}
		}
		assertThat(types).hasSizeGreaterThan(10);
		return types;
	}

	private static Stream<Class<?>> classesIn(Type type) {
		if (type instanceof Class<?> named) {
			return named.isArray() ? classesIn(named.getComponentType()) : Stream.of(named);
		}
		if (type instanceof ParameterizedType parameterized) {
			return Stream.concat(classesIn(parameterized.getRawType()),
					Arrays.stream(parameterized.getActualTypeArguments()).flatMap(FixtureApiTest::classesIn));
		}
		if (type instanceof WildcardType wildcard) {
			return Stream.concat(Arrays.stream(wildcard.getUpperBounds()), Arrays.stream(wildcard.getLowerBounds()))
				.flatMap(FixtureApiTest::classesIn);
		}
		if (type instanceof GenericArrayType array) {
			return classesIn(array.getGenericComponentType());
		}
		if (type instanceof TypeVariable<?> variable) {
			// A bound such as P extends ReplicationPosition<P> names P again: its raw type is enough.
			return Arrays.stream(variable.getBounds())
				.filter((bound) -> !(bound instanceof TypeVariable<?>))
				.map((bound) -> (bound instanceof ParameterizedType p) ? p.getRawType() : bound)
				.flatMap(FixtureApiTest::classesIn);
		}
		return Stream.empty();
	}

}
