package io.github.replicarouting.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Paths the documentation names inside the repository ({@code docs/ci.md},
 * {@code sample-app/target/live-page*.png}, {@code src-test-fixtures/.../chaos/ChaosIT}): text whose
 * first segment is an entry of the repository's root is taken for one and must exist; build
 * output only needs its module, {@code ...} stands for any directories and a class may be named
 * without {@code .java}.
 */
final class RepositoryPaths {

	private final Path root;

	private final List<String> files;

	RepositoryPaths(Path root) {
		this.root = root;
		try (Stream<Path> walk = Files.walk(root)) {
			this.files = walk.map((path) -> root.relativize(path).toString().replace('\\', '/'))
				.filter((path) -> !path.contains("target/") && !path.startsWith(".git/"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Why this text names no path of the repository, or {@code null} if it does or is no path. */
	String problemWith(String text) {
		String path = text.strip().replaceFirst("^\\./", "");
		if (!path.matches("[A-Za-z0-9_.-]+/\\S*") || path.contains("://")) {
			return null;
		}
		String first = path.substring(0, path.indexOf('/'));
		if (first.equals(".") || first.equals("..") || !Files.exists(this.root.resolve(first))) {
			return null;
		}
		int output = path.indexOf("/target");
		if (output >= 0) {
			path = path.substring(0, output);
		}
		String glob = path.replace("...", "**").replaceAll("/+$", "");
		PathMatcher exact = FileSystems.getDefault().getPathMatcher("glob:" + glob);
		PathMatcher source = FileSystems.getDefault().getPathMatcher("glob:" + glob + ".java");
		boolean found = this.files.stream().map(Path::of).anyMatch((file) -> exact.matches(file) || source.matches(file));
		return found ? null : "no file or directory " + text;
	}

}
