package io.github.replicarouting.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and the pages under {@code docs/} say only what exists: every shell command in them
 * names modules, profiles, goals, test classes and properties the build has, every path and link
 * leads somewhere, every {@code replica-routing.*} key and YAML example binds to the library's
 * configuration properties, every metric, environment variable and type of ours is spelled as the
 * code spells it. And the README's "Set up" has the two commands a newcomer runs.
 */
class DocumentationTests {

	private static final Repository repository = Repository.find();

	private static final RepositoryPaths paths = new RepositoryPaths(repository.root());

	private static final ConfigurationKeys keys = ConfigurationKeys.load();

	private static final CommandChecks commands = new CommandChecks(repository,
			new SampleEndpoints(repository.root().resolve("sample-app")), paths);

	private static final Pattern KEY = Pattern.compile("(?:replica-routing|management)\\.[A-Za-z0-9<>.*-]*[A-Za-z0-9>*]");

	private static final Pattern METRIC = Pattern.compile("\\b(replica[._]routing[._][a-z._]*[a-z])");

	private static final Pattern VARIABLE = Pattern.compile("\\bREPLICA_ROUTING_[A-Z_]+\\b");

	private static final Pattern OUR_TYPE = Pattern.compile("(?<![-\\w])((?:Replica|Replicated|Routing|ReadYourWrites|UsePrimary|"
			+ "Consistency|ReadOnlyRoute|NoRoute|ClusterNode|ReplicationPosition|GtidPosition|TcpProxy|Backend|"
			+ "ContainerNetworkMode|LoadBalancing|NonTransactionalReads|RepositoryReads)[A-Za-z]*)(?![-\\w])");

	private static final Pattern MAVEN_PROPERTY = Pattern.compile("\\$\\{([A-Za-z0-9.-]+\\.version)\\}");

	static Stream<Path> documents() throws IOException {
		try (Stream<Path> docs = Files.list(repository.root().resolve("docs"))) {
			List<Path> all = new ArrayList<>(List.of(repository.root().resolve("README.md")));
			docs.filter((file) -> file.toString().endsWith(".md")).sorted().forEach(all::add);
			return all.stream();
		}
	}

	@Test
	void setUpShouldHoldTheTwoCommandsOfANewcomer() {
		Markdown readme = Markdown.read(repository.root().resolve("README.md"));
		List<List<String>> setUp = readme.blocksOfSection("Set up")
			.stream()
			.flatMap((block) -> ShellCommands.parse(block.text().toString()).stream())
			.toList();
		assertThat(setUp).as("the commands of README.md's Set up").hasSize(2);
		assertThat(setUp).anySatisfy((command) -> assertThat(command).as("runs the sample app on its embedded default")
			.startsWith("./mvnw")
			.contains("spring-boot:test-run")
			.containsSequence("-pl", "sample-app")
			.noneMatch((word) -> word.contains("profiles")));
		assertThat(setUp).anySatisfy((command) -> assertThat(command).as("runs every test")
			.containsExactly("./mvnw", "verify"));
	}

	@Test
	void readmeShouldDefineTheVersionPropertyItUses() {
		Markdown readme = Markdown.read(repository.root().resolve("README.md"));
		String xml = readme.blocks("xml").stream().map((block) -> block.text().toString()).reduce("", String::concat);
		assertThat(xml).as("README.md's dependency, with its version in a property")
			.contains("<version>${replica-routing.version}</version>")
			.contains("<replica-routing.version>" + repository.version() + "</replica-routing.version>");
	}

	@ParameterizedTest
	@MethodSource("documents")
	void shellCommandsShouldNameWhatExists(Path document) {
		Markdown markdown = Markdown.read(document);
		List<String> problems = new ArrayList<>();
		for (Markdown.Block block : markdown.blocks("sh")) {
			for (List<String> command : ShellCommands.parse(block.text().toString())) {
				commands.check(command).forEach((problem) -> problems.add(where(markdown, block.line()) + "`"
						+ String.join(" ", command) + "`: " + problem));
			}
		}
		for (Markdown.Span span : markdown.inlineCode()) {
			if (span.text().startsWith("./mvnw ") || span.text().startsWith(".ci/") || span.text().startsWith("-D")) {
				String text = span.text().startsWith("-D") ? "./mvnw verify " + span.text() : span.text();
				for (List<String> command : ShellCommands.parse(text)) {
					commands.check(command).forEach((problem) -> problems.add(where(markdown, span.line()) + problem));
				}
			}
		}
		assertThat(problems).as("commands in " + document.getFileName()).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("documents")
	void pathsAndLinksShouldLeadSomewhere(Path document) {
		Markdown markdown = Markdown.read(document);
		List<String> problems = new ArrayList<>();
		for (Markdown.Span span : markdown.inlineCode()) {
			String problem = paths.problemWith(span.text());
			if (problem != null) {
				problems.add(where(markdown, span.line()) + problem);
			}
		}
		for (Markdown.Span link : markdown.links()) {
			String problem = linkProblem(document, link.text());
			if (problem != null) {
				problems.add(where(markdown, link.line()) + problem);
			}
		}
		assertThat(problems).as("paths and links in " + document.getFileName()).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("documents")
	void configurationShouldBindToTheLibrarysProperties(Path document) {
		Markdown markdown = Markdown.read(document);
		List<String> problems = new ArrayList<>();
		for (Markdown.Block block : markdown.blocks("yaml")) {
			String problem = keys.problemWith(block.text().toString());
			if (problem != null) {
				problems.add(where(markdown, block.line()) + problem);
			}
		}
		for (Markdown.Span span : markdown.inlineCode()) {
			Matcher key = KEY.matcher(span.text());
			while (key.find()) {
				String problem = keyProblem(key.group());
				if (problem != null) {
					problems.add(where(markdown, span.line()) + problem);
				}
			}
		}
		assertThat(problems).as("configuration keys in " + document.getFileName()).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("documents")
	void namesShouldBeSpelledAsTheCodeSpellsThem(Path document) {
		Markdown markdown = Markdown.read(document);
		List<String> problems = new ArrayList<>();
		List<Markdown.Span> code = new ArrayList<>(markdown.inlineCode());
		markdown.blocks().forEach((block) -> code.add(new Markdown.Span(block.text().toString(), block.line())));
		for (Markdown.Span span : code) {
			names(span, problems, markdown);
		}
		assertThat(problems).as("metrics, variables, types and versions in " + document.getFileName()).isEmpty();
	}

	private void names(Markdown.Span span, List<String> problems, Markdown markdown) {
		Matcher metric = METRIC.matcher(span.text());
		while (metric.find()) {
			String name = metric.group(1).replace('_', '.').replaceFirst("\\.(total|seconds)$", "");
			if (!repository.sourcesContain("\"" + name + "\"")) {
				problems.add(where(markdown, span.line()) + "no metric " + metric.group(1));
			}
		}
		Matcher variable = VARIABLE.matcher(span.text());
		while (variable.find()) {
			boolean placeholder = variable.start() >= 2 && span.text().startsWith("${", variable.start() - 2);
			if (!placeholder && !repository.sourcesContain(variable.group())) {
				problems.add(where(markdown, span.line()) + "nothing reads " + variable.group());
			}
		}
		Matcher type = OUR_TYPE.matcher(span.text());
		while (type.find()) {
			String name = type.group(1);
			if (Stream.of("class ", "interface ", "@interface ", "enum ", "record ")
				.noneMatch((kind) -> Stream.of(" ", "<", "(").anyMatch((next) -> repository.sourcesContain(kind + name + next)))) {
				problems.add(where(markdown, span.line()) + "no type " + name);
			}
		}
		Matcher property = MAVEN_PROPERTY.matcher(span.text());
		while (property.find()) {
			String name = property.group(1);
			if (repository.property(name) == null && !span.text().contains("<" + name + ">")
					&& !readmeDefines(name)) {
				problems.add(where(markdown, span.line()) + "${" + name + "} is defined nowhere");
			}
		}
	}

	private static boolean readmeDefines(String property) {
		return Markdown.read(repository.root().resolve("README.md"))
			.blocks("xml")
			.stream()
			.anyMatch((block) -> block.text().indexOf("<" + property + ">") >= 0);
	}

	private static String keyProblem(String mention) {
		String key = mention.replaceAll("\\.\\*$", "");
		if (key.startsWith("management.") && !key.contains("replica")) {
			return null; // Spring Boot's own keys
		}
		if (key.matches("[^.]+\\.<.*")) {
			return null; // a name built from one, such as the breaker replica-routing.<name>
		}
		String bindable = key.replaceAll("<[^>]+>", "x");
		boolean known = key.startsWith("management.") ? keys.listed(key)
				: (keys.exists(bindable) || (mention.endsWith(".*") && keys.listed(key)));
		if (known || repository.sourcesContain("\"" + key + "\"") || key.equals("replica-routing.version")) {
			return null;
		}
		return "no configuration key or system property " + mention;
	}

	private static String linkProblem(Path document, String link) {
		if (link.matches("(https?|mailto):.*")) {
			return null;
		}
		String[] parts = link.split("#", 2);
		Path target = parts[0].isEmpty() ? document : document.getParent().resolve(parts[0]).normalize();
		if (!Files.exists(target)) {
			return "link to no file: " + link;
		}
		if (parts.length > 1 && target.toString().endsWith(".md") && !Markdown.read(target).anchors().contains(parts[1])) {
			return "link to no heading: " + link + " (" + target.getFileName() + " has " + Markdown.read(target).anchors() + ")";
		}
		return null;
	}

	private static String where(Markdown markdown, int line) {
		return repository.root().relativize(markdown.file()) + ":" + line + ": ";
	}

}
