package io.github.replicarouting.test.containers;

import java.util.LinkedHashMap;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Adds the cluster's {@code replica-routing.*} properties to the environment of a Spring test
 * annotated with {@link ContainerizedReplicatedPostgresTest}, ahead of every other property
 * source. Declared by the annotation itself ({@code @ContextCustomizerFactories}), so it needs no
 * {@code spring.factories} entry.
 */
class ContainerizedReplicatedPostgresContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		boolean register = ContainerizedReplicatedPostgresExtension.annotation(testClass)
			.map(ContainerizedReplicatedPostgresTest::registerProperties)
			.orElse(false);
		return register ? new PropertiesCustomizer(ContainerizedReplicatedPostgresExtension.owner(testClass)) : null;
	}

	/**
	 * Equal for the same owning class: Spring caches one context per owner, never one context
	 * for two clusters.
	 */
	record PropertiesCustomizer(Class<?> owner) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			ContainerizedReplicatedPostgres cluster = ContainerizedReplicatedPostgresExtension.cluster(this.owner);
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("containerizedReplicatedPostgres",
						new LinkedHashMap<>(cluster.properties())));
		}

	}

}
