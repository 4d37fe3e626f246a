package io.github.replicarouting.test.mariadb;

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
 * annotated with {@link ReplicatedMariaDbTest}, ahead of every other property source. Registered
 * by the annotation itself ({@code @ContextCustomizerFactories}), so it needs no
 * {@code spring.factories} entry and costs nothing to tests that do not use MariaDB.
 */
class ReplicatedMariaDbContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		boolean register = ReplicatedMariaDbExtension.annotation(testClass)
			.map(ReplicatedMariaDbTest::registerProperties)
			.orElse(false);
		return register ? new PropertiesCustomizer(ReplicatedMariaDbExtension.owner(testClass)) : null;
	}

	/**
	 * Equal for the same owning class: Spring caches one context per owner, never one context
	 * for two clusters.
	 */
	record PropertiesCustomizer(Class<?> owner) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			ReplicatedMariaDb cluster = ReplicatedMariaDbExtension.cluster(this.owner);
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("replicatedMariaDb", new LinkedHashMap<>(cluster.properties())));
		}

	}

}
