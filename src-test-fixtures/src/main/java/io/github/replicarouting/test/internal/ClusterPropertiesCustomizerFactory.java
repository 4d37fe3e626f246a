package io.github.replicarouting.test.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Adds a cluster's {@code replica-routing.*} properties to the environment of a Spring test whose
 * class (or enclosing class) carries a fixture's annotation, ahead of every other property
 * source, unless the annotation turns that off. Spring keeps the context cached after the class
 * (and its cluster) is done; it is not closed here because Spring's own after-class callbacks
 * still use it.
 */
public abstract class ClusterPropertiesCustomizerFactory implements ContextCustomizerFactory {

	private final String name;

	private final TestClassClusters<?, ?> clusters;

	/**
	 * @param name the property source's name
	 * @param clusters the clusters of the fixture's annotation
	 */
	protected ClusterPropertiesCustomizerFactory(String name, TestClassClusters<?, ?> clusters) {
		this.name = name;
		this.clusters = clusters;
	}

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		if (!this.clusters.registersProperties(testClass)) {
			return null;
		}
		Class<?> owner = this.clusters.owner(testClass);
		return new PropertiesCustomizer(this.name, owner, () -> this.clusters.cluster(owner).properties());
	}

	/**
	 * Equal for the same owning class and fixture: Spring caches one context per owner, never one
	 * context for two clusters.
	 */
	private static final class PropertiesCustomizer implements ContextCustomizer {

		private final String name;

		private final Class<?> owner;

		private final Supplier<Map<String, String>> properties;

		PropertiesCustomizer(String name, Class<?> owner, Supplier<Map<String, String>> properties) {
			this.name = name;
			this.owner = owner;
			this.properties = properties;
		}

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource(this.name, new LinkedHashMap<>(this.properties.get())));
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof PropertiesCustomizer customizer && this.owner == customizer.owner
					&& this.name.equals(customizer.name);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.owner, this.name);
		}

	}

}
