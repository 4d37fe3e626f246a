package io.github.replicarouting.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs read from the jar: the configuration processor's
 * {@code spring-configuration-metadata.json}, into which it merges
 * {@code additional-spring-configuration-metadata.json}. Every {@code replica-routing.*} key is
 * described, every enum key lists its values with what each does, and shown defaults are the real
 * ones.
 */
class ConfigurationMetadataTests {

	private static final Path BUILT = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Path ADDITIONAL = Path.of(
			"src/main/resources/META-INF/additional-spring-configuration-metadata.json");

	private final ConfigurationMetadataRules rules = new ConfigurationMetadataRules(new ReplicaRoutingProperties());

	@Test
	void builtMetadataKeepsEveryRule() throws IOException {
		assertThat(this.rules.problems(Files.readString(BUILT))).isEmpty();
	}

	@Test
	void builtMetadataHasEveryEntryOfTheAdditionalFile() throws IOException {
		String built = Files.readString(BUILT);
		String additional = Files.readString(ADDITIONAL);
		// The processor merges the additional file only when it compiles: after editing the file
		// alone, an incremental build keeps the old metadata.
		assertThat(names(built, "properties")).as("merged properties; if stale, build with clean")
			.containsAll(names(additional, "properties"));
		assertThat(names(built, "hints")).as("merged hints; if stale, build with clean")
			.containsAll(names(additional, "hints"));
	}

	@Test
	void builtMetadataHintsTheValuesOfEachEnumKey() throws IOException {
		String metadata = Files.readString(BUILT);
		assertThat(hintedValues(metadata, "replica-routing.load-balancing")).containsExactly("round-robin", "random",
				"weighted", "least-in-flight", "least-lag");
		assertThat(hintedValues(metadata, "replica-routing.non-transactional-reads")).containsExactly("primary",
				"replica");
		assertThat(hintedValues(metadata, "replica-routing.read-your-writes.mode")).containsExactly("window",
				"causal");
	}

	@Test
	void builtMetadataShowsDurationDefaultsWithTheirUnit() throws IOException {
		String metadata = Files.readString(BUILT);
		assertThat(defaultOf(metadata, "replica-routing.read-your-writes.max-wait")).isEqualTo("0ms");
		assertThat(defaultOf(metadata, "replica-routing.max-replication-lag")).isEqualTo("5s");
	}

	@Test
	void keyWithoutDescriptionIsReported() {
		assertThat(this.rules.problems(metadata(property("replica-routing.enabled", "java.lang.Boolean", null, true))))
			.containsExactly("replica-routing.enabled has no description");
	}

	@Test
	void enumKeyWithoutHintsIsReported() {
		assertThat(this.rules.problems(metadata(loadBalancing())))
			.containsExactly("replica-routing.load-balancing hints values [] but takes "
					+ "[least-in-flight, least-lag, random, round-robin, weighted]");
	}

	@Test
	void enumValueMissingFromHintsOrWithoutDescriptionIsReported() {
		String hint = """
				{"name": "replica-routing.load-balancing", "values": [
				  {"value": "round-robin", "description": "Each replica in turn."},
				  {"value": "random", "description": "A replica at random."},
				  {"value": "weighted"}]}""";
		assertThat(this.rules.problems(metadata(List.of(loadBalancing()), List.of(hint)))).containsExactly(
				"replica-routing.load-balancing value weighted has no one-line description",
				"replica-routing.load-balancing hints values [random, round-robin, weighted] but takes "
						+ "[least-in-flight, least-lag, random, round-robin, weighted]");
	}

	@Test
	void durationDefaultThatIsMissingWrongOrWithoutUnitIsReported() {
		assertThat(this.rules.problems(metadata(property("replica-routing.max-replication-lag", "java.time.Duration",
				"Lag.", null), property("replica-routing.read-your-writes.window", "java.time.Duration", "Window.",
						"\"3s\""), property("replica-routing.read-your-writes.max-wait", "java.time.Duration", "Wait.",
								0))))
			.containsExactly("replica-routing.max-replication-lag does not show its default PT5S",
					"replica-routing.read-your-writes.window shows default 3s but defaults to PT2S",
					"replica-routing.read-your-writes.max-wait shows default 0 without a unit (for example 500ms or 2s)");
	}

	@Test
	void deprecatedKeyWithoutReplacementIsReported() {
		String deprecated = """
				{"name": "replica-routing.lag-threshold", "type": "java.time.Duration", "description": "Lag.",
				 "deprecation": {"level": "warning", "reason": "Renamed."}}""";
		String replaced = """
				{"name": "replica-routing.lag-limit", "type": "java.time.Duration", "description": "Lag.",
				 "deprecation": {"replacement": "replica-routing.max-lag"}}""";
		assertThat(this.rules.problems(metadata(List.of(deprecated, replaced), List.of()))).containsExactly(
				"replica-routing.lag-threshold is deprecated without a replacement",
				"replica-routing.lag-limit is replaced by replica-routing.max-lag, which is no property");
	}

	@Test
	void hintForAKeyThatDoesNotExistIsReported() {
		String hint = """
				{"name": "replica-routing.load-balancer", "values": [{"value": "random", "description": "At random."}]}""";
		assertThat(this.rules.problems(metadata(List.of(), List.of(hint))))
			.containsExactly("hint replica-routing.load-balancer names no property");
	}

	private static List<String> names(String metadata, String section) {
		return JsonPath.read(metadata, "$." + section + "[*].name");
	}

	private static List<String> hintedValues(String metadata, String name) {
		return JsonPath.read(metadata, "$.hints[?(@.name == '" + name + "')].values[*].value");
	}

	private static Object defaultOf(String metadata, String name) {
		List<Object> defaults = JsonPath.read(metadata, "$.properties[?(@.name == '" + name + "')].defaultValue");
		assertThat(defaults).as("default of %s", name).hasSize(1);
		return defaults.get(0);
	}

	private static String loadBalancing() {
		return property("replica-routing.load-balancing", "io.github.replicarouting.LoadBalancing", "Balancing.",
				"\"round-robin\"");
	}

	private static String property(String name, String type, String description, Object defaultValue) {
		return "{\"name\": \"" + name + "\", \"type\": \"" + type + "\""
				+ ((description != null) ? ", \"description\": \"" + description + "\"" : "")
				+ ((defaultValue != null) ? ", \"defaultValue\": " + defaultValue : "") + "}";
	}

	private static String metadata(String... properties) {
		return metadata(List.of(properties), List.of());
	}

	private static String metadata(List<String> properties, List<String> hints) {
		return "{\"properties\": [" + String.join(",", properties) + "], \"hints\": [" + String.join(",", hints)
				+ "]}";
	}

}
