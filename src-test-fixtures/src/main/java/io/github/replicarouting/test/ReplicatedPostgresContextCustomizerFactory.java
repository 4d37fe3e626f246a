package io.github.replicarouting.test;

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
 * annotated with {@link ReplicatedPostgresTest}, ahead of every other property source. Registered
 * in {@code META-INF/spring.factories}, so Spring finds it whenever this module is on the test
 * classpath.
 */
class ReplicatedPostgresContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		boolean register = ReplicatedPostgresExtension.annotation(testClass)
			.map(ReplicatedPostgresTest::registerProperties)
			.orElse(false);
		return register ? new PropertiesCustomizer(ReplicatedPostgresExtension.owner(testClass)) : null;
	}

	/**
	 * Equal for the same owning class: Spring caches one context per owner, never one context
	 * for two clusters. Spring keeps the context cached after the class (and its cluster) is
	 * done; it is not closed here because Spring's own after-class callbacks still use it.
	 */
	record PropertiesCustomizer(Class<?> owner) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			ReplicatedPostgres cluster = ReplicatedPostgresExtension.cluster(this.owner);
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("replicatedPostgres", new LinkedHashMap<>(cluster.properties())));
		}

	}

}
