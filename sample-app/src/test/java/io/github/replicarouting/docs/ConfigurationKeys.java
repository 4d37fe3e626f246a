package io.github.replicarouting.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The library's configuration keys, from the configuration metadata the build generates
 * ({@code META-INF/spring-configuration-metadata.json} of the auto-configuration jar): a key is
 * one if binding it to the {@code replica-routing} properties class uses it, and a YAML example is
 * valid if all of it binds, values included.
 */
final class ConfigurationKeys {

	static final String PREFIX = "replica-routing";

	private final Class<?> propertiesType;

	private final List<String> names;

	@SuppressWarnings("unchecked")
	private ConfigurationKeys(Map<String, Object> metadata) {
		List<Map<String, Object>> groups = (List<Map<String, Object>>) metadata.get("groups");
		String type = groups.stream()
			.filter((group) -> PREFIX.equals(group.get("name")))
			.map((group) -> (String) group.get("type"))
			.findFirst()
			.orElseThrow();
		try {
			this.propertiesType = Class.forName(type);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
		this.names = properties.stream().map((property) -> (String) property.get("name")).toList();
	}

	/** The metadata on the classpath that describes {@code replica-routing}. */
	static ConfigurationKeys load() {
		try {
			for (URL url : Collections.list(ConfigurationKeys.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = url.openStream()) {
					String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
					if (json.contains("\"name\": \"" + PREFIX + "\"") || json.contains("\"name\":\"" + PREFIX + "\"")) {
						return new ConfigurationKeys(JsonParserFactory.getJsonParser().parseMap(json));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("No configuration metadata for '" + PREFIX + "' on the classpath");
	}

	/** Whether the metadata lists this key, as a property or as the prefix of some. */
	boolean listed(String key) {
		return this.names.stream().anyMatch((name) -> name.equals(key) || name.startsWith(key + "."));
	}

	/** Whether the key is one the properties class takes (whatever value it would need). */
	boolean exists(String key) {
		try {
			bind(new MapPropertySource("key", Map.of(key, "1")));
			return true;
		}
		catch (RuntimeException ex) {
			return !unbound(ex);
		}
	}

	/** Why this YAML does not bind under {@code replica-routing}, or {@code null} if it does. */
	String problemWith(String yaml) {
		List<PropertySource<?>> sources;
		try {
			sources = new YamlPropertySourceLoader().load("block", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException | RuntimeException ex) {
			return "not valid YAML: " + ex.getMessage();
		}
		try {
			for (PropertySource<?> source : sources) {
				bind(source);
			}
			return null;
		}
		catch (RuntimeException ex) {
			Throwable cause = ex;
			while (cause.getCause() != null) {
				cause = cause.getCause();
			}
			return ex.getMessage() + ": " + cause.getMessage();
		}
	}

	private void bind(PropertySource<?> source) {
		Binder binder = new Binder(ConfigurationPropertySources.from(source));
		binder.bind(PREFIX, Bindable.of(this.propertiesType), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
	}

	private static boolean unbound(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnboundConfigurationPropertiesException) {
				return true;
			}
		}
		return false;
	}

}
