package io.github.replicarouting.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * This repository as the documentation checks need it: its modules and what each depends on in
 * the reactor, its Maven profiles and properties, its test classes, and the text of its sources
 * (where system properties, environment variables and metric names are spelled).
 */
final class Repository {

	private final Path root;

	private final Element rootPom;

	/** Module directory to the artifactIds of the other modules it depends on. */
	private final Map<String, Set<String>> modules = new LinkedHashMap<>();

	private final Map<String, String> moduleByArtifact = new HashMap<>();

	private final Set<String> profiles = new LinkedHashSet<>();

	private final StringBuilder sources = new StringBuilder();

	private Repository(Path root) {
		this.root = root;
		this.rootPom = pom(root.resolve("pom.xml"));
		for (Element profile : children(this.rootPom, "profiles", "profile")) {
			this.profiles.add(text(profile, "id"));
		}
		Map<String, Element> poms = new LinkedHashMap<>();
		for (Element module : children(this.rootPom, "modules", "module")) {
			String name = module.getTextContent().strip();
			Element pom = pom(root.resolve(name).resolve("pom.xml"));
			poms.put(name, pom);
			this.moduleByArtifact.put(text(pom, "artifactId"), name);
			children(pom, "profiles", "profile").forEach((profile) -> this.profiles.add(text(profile, "id")));
		}
		poms.forEach((name, pom) -> {
			Set<String> dependencies = new LinkedHashSet<>();
			for (Element dependency : children(pom, "dependencies", "dependency")) {
				String module = this.moduleByArtifact.get(text(dependency, "artifactId"));
				if (module != null) {
					dependencies.add(module);
				}
			}
			this.modules.put(name, dependencies);
		});
		readSources();
	}

	/** The repository holding the working directory (a module's, under Maven). */
	static Repository find() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !(Files.isRegularFile(directory.resolve("mvnw"))
				&& Files.isRegularFile(directory.resolve("README.md")))) {
			directory = directory.getParent();
		}
		if (directory == null) {
			throw new IllegalStateException("No repository (mvnw and README.md) above " + Path.of("").toAbsolutePath());
		}
		return new Repository(directory);
	}

	Path root() {
		return this.root;
	}

	Set<String> modules() {
		return this.modules.keySet();
	}

	/** The modules this one needs from the reactor, directly or not. */
	Set<String> upstream(String module) {
		Set<String> upstream = new LinkedHashSet<>();
		List<String> queue = new ArrayList<>(this.modules.getOrDefault(module, Set.of()));
		while (!queue.isEmpty()) {
			String next = queue.remove(0);
			if (upstream.add(next)) {
				queue.addAll(this.modules.getOrDefault(next, Set.of()));
			}
		}
		return upstream;
	}

	Set<String> profiles() {
		return this.profiles;
	}

	String version() {
		return text(this.rootPom, "version");
	}

	/** A property of the root POM, or {@code null}. */
	String property(String name) {
		for (Element properties : children(this.rootPom, "properties")) {
			NodeList values = properties.getElementsByTagName(name);
			if (values.getLength() > 0) {
				return values.item(0).getTextContent().strip();
			}
		}
		return null;
	}

	/** Test classes of a module, as paths under {@code src/test/java} without {@code .java}. */
	List<String> testClasses(String module) {
		Path tests = this.root.resolve(module).resolve("src/test/java");
		if (!Files.isDirectory(tests)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(tests)) {
			return files.filter((file) -> file.toString().endsWith(".java"))
				.map((file) -> tests.relativize(file).toString().replace('\\', '/').replaceAll("\\.java$", ""))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether any source, script or build file of the repository spells this string. */
	boolean sourcesContain(String text) {
		return this.sources.indexOf(text) >= 0;
	}

	String read(String path) {
		try {
			return Files.readString(this.root.resolve(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void readSources() {
		try (Stream<Path> files = Files.walk(this.root)) {
			files.filter(Files::isRegularFile)
				.filter((file) -> !file.toString().contains("/target/") && !file.toString().contains("/.git/")
						&& !file.toString().contains("/.mvn/"))
				.filter((file) -> file.toString().matches(".*\\.(java|sh|xml|yml|yaml|js|html)$")
						|| file.getParent().endsWith(".ci"))
				.forEach((file) -> this.sources.append(readQuietly(file)).append('\n'));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String readQuietly(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Element pom(Path file) {
		try {
			Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
			return document.getDocumentElement();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

	/** The elements at this path of direct children, for example project/profiles/profile. */
	private static List<Element> children(Element parent, String... path) {
		List<Element> level = List.of(parent);
		for (String name : path) {
			List<Element> next = new ArrayList<>();
			for (Element element : level) {
				NodeList nodes = element.getChildNodes();
				for (int i = 0; i < nodes.getLength(); i++) {
					Node node = nodes.item(i);
					if (node instanceof Element child && child.getTagName().equals(name)) {
						next.add(child);
					}
				}
			}
			level = next;
		}
		return level;
	}

	private static String text(Element parent, String name) {
		List<Element> children = children(parent, name);
		return children.isEmpty() ? null : children.get(0).getTextContent().strip();
	}

}
