package io.github.replicarouting.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * What the configuration metadata of the {@code replica-routing.*} keys must give an IDE user:
 * a description for every key, a described value hint for every value of an enum key, a default
 * that is the bound default (a duration's with its unit), a replacement for a deprecated key, and
 * no hint for a key that does not exist.
 */
final class ConfigurationMetadataRules {

	private static final String PREFIX = "replica-routing.";

	private static final Pattern DURATION = Pattern.compile("-?\\d+(ns|us|ms|s|m|h|d)|-?P.+");

	private final BeanWrapper defaults;

	/**
	 * Rules whose defaults are those of {@code defaults}, a {@code replica-routing} properties bean
	 * as constructed, nothing this.defaults.
	 */
	ConfigurationMetadataRules(Object defaults) {
		this.defaults = new BeanWrapperImpl(defaults);
	}

	/**
	 * Every rule the metadata breaks, one line each naming the key; empty when it keeps them all.
	 */
	List<String> problems(String metadataJson) {
		List<Map<String, Object>> properties = JsonPath.read(metadataJson, "$.properties[*]");
		List<Map<String, Object>> hints = JsonPath.read(metadataJson, "$.hints[*]");
		Set<String> names = properties.stream().map((property) -> (String) property.get("name"))
			.collect(Collectors.toCollection(TreeSet::new));
		List<String> problems = new ArrayList<>();
		for (Map<String, Object> property : properties) {
			String name = (String) property.get("name");
			if (!StringUtils.hasText((String) property.get("description"))) {
				problems.add(name + " has no description");
			}
			if (name.startsWith(PREFIX)) {
				checkValueHints(property, hints, problems);
				checkDefault(property, problems);
			}
			checkDeprecation(property, names, problems);
		}
		for (Map<String, Object> hint : hints) {
			String name = ((String) hint.get("name")).replaceFirst("\\.(keys|values)$", "");
			if (!names.contains(name)) {
				problems.add("hint " + hint.get("name") + " names no property");
			}
		}
		return problems;
	}

	@SuppressWarnings("unchecked")
	private void checkValueHints(Map<String, Object> property, List<Map<String, Object>> hints,
			List<String> problems) {
		String name = (String) property.get("name");
		Class<?> type = enumType((String) property.get("type"));
		if (type == null) {
			return;
		}
		Set<String> constants = Arrays.stream(type.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.collect(Collectors.toCollection(TreeSet::new));
		List<Map<String, Object>> values = hints.stream()
			.filter((hint) -> name.equals(hint.get("name")))
			.flatMap((hint) -> ((List<Map<String, Object>>) hint.getOrDefault("values", List.of())).stream())
			.toList();
		Set<String> hinted = new TreeSet<>();
		for (Map<String, Object> value : values) {
			hinted.add(String.valueOf(value.get("value")));
			String description = (String) value.get("description");
			if (!StringUtils.hasText(description) || description.contains("\n")) {
				problems.add(name + " value " + value.get("value") + " has no one-line description");
			}
		}
		if (!hinted.equals(constants)) {
			problems.add(name + " hints values " + hinted + " but takes " + constants);
		}
	}

	private static Class<?> enumType(String type) {
		if (type == null || type.contains("<") || !ClassUtils.isPresent(type, null)) {
			return null;
		}
		Class<?> resolved = ClassUtils.resolveClassName(type, null);
		return resolved.isEnum() ? resolved : null;
	}

	private void checkDefault(Map<String, Object> property, List<String> problems) {
		String name = (String) property.get("name");
		String path = propertyPath(name);
		if (!this.defaults.isReadableProperty(path)) {
			return;
		}
		Object actual = this.defaults.getPropertyValue(path);
		Object declared = property.get("defaultValue");
		if (actual == null || actual instanceof Map || actual instanceof Collection) {
			if (actual == null && declared != null) {
				problems.add(name + " shows default " + declared + " but has none");
			}
			return;
		}
		if (declared == null) {
			problems.add(name + " does not show its default " + actual);
			return;
		}
		if (actual instanceof Duration && !DURATION.matcher(declared.toString()).matches()) {
			problems.add(name + " shows default " + declared + " without a unit (for example 500ms or 2s)");
			return;
		}
		Object converted = ApplicationConversionService.getSharedInstance()
			.convert(declared.toString(), this.defaults.getPropertyType(path));
		if (!actual.equals(converted)) {
			problems.add(name + " shows default " + declared + " but defaults to " + actual);
		}
	}

	private static String propertyPath(String name) {
		return Arrays.stream(name.substring(PREFIX.length()).split("\\."))
			.map(ConfigurationMetadataRules::camelCase)
			.collect(Collectors.joining("."));
	}

	private static String camelCase(String kebab) {
		String[] words = kebab.split("-");
		StringBuilder camel = new StringBuilder(words[0]);
		for (int i = 1; i < words.length; i++) {
			camel.append(StringUtils.capitalize(words[i]));
		}
		return camel.toString();
	}

	@SuppressWarnings("unchecked")
	private static void checkDeprecation(Map<String, Object> property, Set<String> names, List<String> problems) {
		Map<String, Object> deprecation = (Map<String, Object>) property.get("deprecation");
		if (deprecation == null && !Boolean.TRUE.equals(property.get("deprecated"))) {
			return;
		}
		String name = (String) property.get("name");
		String replacement = (deprecation != null) ? (String) deprecation.get("replacement") : null;
		if (!StringUtils.hasText(replacement)) {
			problems.add(name + " is deprecated without a replacement");
		}
		else if (!names.contains(replacement)) {
			problems.add(name + " is replaced by " + replacement + ", which is no property");
		}
	}

}
