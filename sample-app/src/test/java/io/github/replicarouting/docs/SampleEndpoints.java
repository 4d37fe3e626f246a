package io.github.replicarouting.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * What the sample app answers over HTTP: the request mappings of its controllers (read from their
 * sources, demo controls included) and the Actuator endpoints its configuration exposes.
 */
final class SampleEndpoints {

	private static final Pattern MAPPING = Pattern
		.compile("@(Request|Get|Post|Put|Delete|Patch)Mapping(?:\\(\\s*(?:(?:value|path)\\s*=\\s*)?\"([^\"]*)\")?");

	private static final Pattern CLASS = Pattern.compile("(?m)^(?:public\\s+|final\\s+|abstract\\s+)*class\\s");

	private final List<Mapping> mappings = new ArrayList<>();

	private final Set<String> exposed;

	SampleEndpoints(Path sampleApp) {
		try (Stream<Path> files = Files.walk(sampleApp.resolve("src"))) {
			files.filter((file) -> file.toString().endsWith("Controller.java")).forEach(this::readController);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.exposed = exposedEndpoints(sampleApp.resolve("src/main/resources/application.yml"));
	}

	/** Why the sample app would not answer this request, or {@code null} if it would. */
	String problemWith(String method, String path) {
		if (path.equals("/") || path.isEmpty()) {
			return null;
		}
		if (path.startsWith("/actuator/")) {
			String endpoint = path.substring("/actuator/".length()).split("/")[0];
			return this.exposed.contains(endpoint) ? null
					: "the sample app does not expose /actuator/" + endpoint + " (exposed: " + this.exposed + ")";
		}
		boolean mapped = this.mappings.stream()
			.anyMatch((mapping) -> (method == null || mapping.method().equals(method)) && path.matches(mapping.regex()));
		return mapped ? null : "no sample app controller maps " + ((method != null) ? method + " " : "") + path;
	}

	private void readController(Path file) {
		String source;
		try {
			source = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Matcher declaration = CLASS.matcher(source);
		int classAt = declaration.find() ? declaration.start() : 0;
		String base = "";
		Matcher matcher = MAPPING.matcher(source);
		while (matcher.find()) {
			String path = (matcher.group(2) != null) ? matcher.group(2) : "";
			if (matcher.start() < classAt) {
				base = path;
			}
			else if (!matcher.group(1).equals("Request")) {
				String regex = (base + path).replaceAll("\\{[^}]+\\}", "[^/]+");
				this.mappings.add(new Mapping(matcher.group(1).toUpperCase(Locale.ROOT), regex));
			}
		}
	}

	private static Set<String> exposedEndpoints(Path configuration) {
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("sample",
					new ByteArrayResource(Files.readAllBytes(configuration)))) {
				Object include = source.getProperty("management.endpoints.web.exposure.include");
				if (include != null) {
					return Arrays.stream(include.toString().split(",")).map(String::strip).collect(Collectors.toSet());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Set.of("health");
	}

	private record Mapping(String method, String regex) {

	}

}
