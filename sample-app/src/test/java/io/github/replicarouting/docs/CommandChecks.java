package io.github.replicarouting.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one shell command of the documentation against the repository: a Maven command's
 * modules, profiles, goals, test classes, application profiles and system properties, a script's
 * or file's path, a {@code curl} request's endpoint on the sample app.
 */
final class CommandChecks {

	private static final Set<String> PHASES = Set.of("clean", "validate", "compile", "test-compile", "test",
			"package", "integration-test", "verify", "install", "deploy");

	private static final Set<String> SPRING_BOOT_GOALS = Set.of("run", "test-run", "start", "stop", "repackage",
			"build-image", "build-info");

	/** Properties that Maven, its plugins or the Spring Boot plugin read, not this project's code. */
	private static final Set<String> MAVEN_PROPERTIES = Set.of("test", "it.test", "skipTests", "maven.test.skip",
			"surefire.failIfNoSpecifiedTests", "failsafe.failIfNoSpecifiedTests", "spring-boot.run.profiles",
			"spring-boot.run.arguments", "spring-boot.run.jvmArguments", "gpg.keyname", "gpg.skip");

	private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-rf", "--resume-from", "-T", "--threads", "-f",
			"--file", "-s", "--settings");

	private final Repository repository;

	private final SampleEndpoints sample;

	private final RepositoryPaths paths;

	CommandChecks(Repository repository, SampleEndpoints sample, RepositoryPaths paths) {
		this.repository = repository;
		this.sample = sample;
		this.paths = paths;
	}

	/** What is wrong with this command, if anything. */
	List<String> check(List<String> words) {
		List<String> problems = new ArrayList<>();
		String program = words.get(0);
		if (program.equals("./mvnw") || program.equals("mvnw")) {
			maven(words.subList(1, words.size()), problems);
			return problems;
		}
		if (program.startsWith(".ci/") || program.startsWith("./") || program.startsWith("docker/")) {
			Path script = this.repository.root().resolve(program.replaceFirst("^\\./", ""));
			if (!Files.isExecutable(script)) {
				problems.add("no executable " + program);
			}
			if (words.size() > 1 && program.endsWith("with-docker")) {
				problems.addAll(check(words.subList(1, words.size())));
			}
			return problems;
		}
		if (program.equals("curl")) {
			curl(words, problems);
		}
		for (String word : words) {
			String problem = this.paths.problemWith(word);
			if (problem != null) {
				problems.add(problem);
			}
		}
		return problems;
	}

	private void maven(List<String> arguments, List<String> problems) {
		List<String> modules = new ArrayList<>();
		List<String> profiles = new ArrayList<>();
		List<String> goals = new ArrayList<>();
		Map<String, String> properties = new LinkedHashMap<>();
		boolean alsoMake = false;
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			if (argument.equals("-pl") || argument.equals("--projects")) {
				modules.addAll(Arrays.asList(arguments.get(++i).split(",")));
			}
			else if (argument.equals("-am") || argument.equals("--also-make")) {
				alsoMake = true;
			}
			else if (argument.equals("-P") || argument.equals("--activate-profiles")) {
				profiles.addAll(Arrays.asList(arguments.get(++i).split(",")));
			}
			else if (argument.startsWith("-P")) {
				profiles.addAll(Arrays.asList(argument.substring(2).split(",")));
			}
			else if (argument.startsWith("-D")) {
				String[] property = argument.substring(2).split("=", 2);
				properties.put(property[0], (property.length > 1) ? property[1] : "");
			}
			else if (OPTIONS_WITH_VALUE.contains(argument)) {
				i++;
			}
			else if (!argument.startsWith("-")) {
				goals.add(argument);
			}
		}
		checkModules(modules, alsoMake, problems);
		for (String profile : profiles) {
			if (!this.repository.profiles().contains(profile.replaceFirst("^[!?]", ""))) {
				problems.add("no Maven profile '" + profile + "' (there are " + this.repository.profiles() + ")");
			}
		}
		checkGoals(goals, modules, problems);
		boolean upstreamToo = alsoMake;
		properties.forEach((key, value) -> checkProperty(key, value, modules, upstreamToo, problems));
	}

	private void checkModules(List<String> modules, boolean alsoMake, List<String> problems) {
		for (String module : modules) {
			if (!this.repository.modules().contains(module)) {
				problems.add("-pl names no module '" + module + "' (there are " + this.repository.modules() + ")");
			}
			else if (!alsoMake && !modules.containsAll(this.repository.upstream(module))) {
				problems.add("-pl " + module + " without -am: it needs " + this.repository.upstream(module)
						+ " from the reactor, which a fresh clone has not installed");
			}
		}
	}

	private void checkGoals(List<String> goals, List<String> modules, List<String> problems) {
		if (goals.isEmpty()) {
			problems.add("no goal or phase");
		}
		for (String goal : goals) {
			if (goal.startsWith("spring-boot:")) {
				if (!SPRING_BOOT_GOALS.contains(goal.substring("spring-boot:".length()))) {
					problems.add("no Spring Boot plugin goal " + goal);
				}
				boolean runnable = modules.stream()
					.filter(this.repository.modules()::contains)
					.anyMatch((module) -> this.repository.read(module + "/pom.xml").contains("<skip>false</skip>"));
				if (!runnable) {
					problems.add(goal + " on " + modules + ": none of them enables the Spring Boot plugin");
				}
			}
			else if (!PHASES.contains(goal)) {
				problems.add("no lifecycle phase '" + goal + "'");
			}
		}
	}

	private void checkProperty(String key, String value, List<String> modules, boolean alsoMake, List<String> problems) {
		if (key.equals("test") || key.equals("it.test")) {
			for (String pattern : value.split(",")) {
				String problem = testPatternProblem(key, pattern, modules, alsoMake);
				if (problem != null) {
					problems.add(problem);
				}
			}
		}
		else if (key.equals("spring-boot.run.profiles")) {
			applicationProfiles(Arrays.asList(value.split(",")), modules, problems);
		}
		else if (key.equals("spring-boot.run.arguments") && value.contains("--spring.profiles.active=")) {
			// Its arguments are separated by commas, so it names one profile.
			String active = value.replaceFirst(".*--spring\\.profiles\\.active=([^\\s,]+).*", "$1");
			applicationProfiles(List.of(active), modules, problems);
		}
		else if (!MAVEN_PROPERTIES.contains(key) && !this.repository.sourcesContain("\"" + key + "\"")) {
			problems.add("-D" + key + ": neither a Maven property nor one this project's code reads");
		}
	}

	private void applicationProfiles(List<String> profiles, List<String> modules, List<String> problems) {
		List<String> runnable = modules.isEmpty() ? List.copyOf(this.repository.modules()) : modules;
		for (String profile : profiles) {
			boolean found = runnable.stream()
				.anyMatch((module) -> Set.of("yml", "yaml", "properties")
					.stream()
					.anyMatch((extension) -> Files.isRegularFile(this.repository.root()
						.resolve(module + "/src/main/resources/application-" + profile + "." + extension))));
			if (!found) {
				problems.add("no application-" + profile + ".yml in " + runnable + " for profile " + profile);
			}
		}
	}

	private String testPatternProblem(String key, String pattern, List<String> modules, boolean alsoMake) {
		String name = pattern.strip().replaceFirst("^!", "").replaceFirst("#.*", "");
		if (name.equalsIgnoreCase("none")) {
			return null;
		}
		Set<String> scope = new LinkedHashSet<>(modules.isEmpty() ? this.repository.modules() : modules);
		if (alsoMake) {
			modules.forEach((module) -> scope.addAll(this.repository.upstream(module)));
		}
		String regex = "(.*/)?" + name.replace(".", "/").replace("**", "\u0000").replace("*", "[^/]*").replace("\u0000", ".*");
		String suffix = key.equals("it.test") ? "IT" : "Tests?";
		boolean found = scope.stream()
			.flatMap((module) -> this.repository.testClasses(module).stream())
			.anyMatch((test) -> test.matches(regex) && test.matches(".*" + suffix));
		return found ? null : "-D" + key + "=" + pattern + " matches no " + suffix + " class in " + scope;
	}

	private void curl(List<String> words, List<String> problems) {
		String method = null;
		boolean data = false;
		String path = null;
		for (int i = 1; i < words.size(); i++) {
			String word = words.get(i);
			if (word.equals("-X")) {
				method = words.get(++i);
			}
			else if (word.equals("-d") || word.equals("--data")) {
				data = true;
				i++;
			}
			else if (word.matches("(https?://)?(localhost|127\\.0\\.0\\.1):8080.*")) {
				path = word.replaceFirst("^(https?://)?[^/]+", "").replaceFirst("\\?.*", "");
			}
		}
		if (path == null) {
			problems.add("curl to no sample app URL (localhost:8080)");
			return;
		}
		String problem = this.sample.problemWith((method != null) ? method : (data ? "POST" : "GET"), path);
		if (problem != null) {
			problems.add(problem);
		}
	}

}
