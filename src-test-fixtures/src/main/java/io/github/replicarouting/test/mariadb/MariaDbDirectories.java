package io.github.replicarouting.test.mariadb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.github.replicarouting.test.internal.ClusterOwnership;
import io.github.replicarouting.test.internal.FileTrees;

/**
 * Where MariaDB clusters live on disk: a cache root shared by every JVM of the machine (unpacked
 * binaries and the data directory template) and one directory per running cluster, marked with
 * the JVM that owns it so that the leftovers of a JVM that died without cleaning up (its servers
 * included) are found and removed by the next cluster that starts.
 */
final class MariaDbDirectories {

	/** System property naming the cache root; defaults to {@code ${java.io.tmpdir}/replica-routing-mariadb}. */
	static final String ROOT_PROPERTY = "replica-routing.test.mariadb-dir";

	/** The pid file of each node's server, inside its data directory. */
	static final String PID_FILE = "mariadbd.pid";

	private static final System.Logger logger = System.getLogger(MariaDbDirectories.class.getName());

	private static final Duration STALE_STAGING_AGE = Duration.ofMinutes(30);

	private MariaDbDirectories() {
	}

	static Path root() throws IOException {
		String configured = System.getProperty(ROOT_PROPERTY);
		Path root = (configured != null) ? Path.of(configured)
				: Path.of(System.getProperty("java.io.tmpdir")).resolve("replica-routing-mariadb");
		root = root.toAbsolutePath();
		Files.createDirectories(root.resolve("clusters"));
		return root;
	}

	/** Creates a cluster directory owned by this JVM. */
	static Path createCluster(Path root) throws IOException {
		Path cluster = root.resolve("clusters").resolve(ClusterOwnership.newClusterName());
		Files.createDirectory(cluster);
		ClusterOwnership.markOwned(cluster);
		return cluster;
	}

	/**
	 * Kills the servers of clusters whose JVM is gone and deletes their directories, plus staging
	 * directories of an interrupted unpack or install. Never fails: cleaning up after someone
	 * else must not break this run.
	 */
	static void removeLeftovers(Path root) {
		try (DirectoryStream<Path> clusters = Files.newDirectoryStream(root.resolve("clusters"))) {
			for (Path cluster : clusters) {
				removeIfOrphan(cluster);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Could not list leftover MariaDB clusters under " + root, ex);
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "*.tmp-*")) {
			for (Path entry : entries) {
				if (ClusterOwnership.isOlderThan(entry, STALE_STAGING_AGE)) {
					FileTrees.delete(entry);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Could not remove leftover staging directories under " + root, ex);
		}
	}

	private static void removeIfOrphan(Path cluster) {
		try {
			if (ClusterOwnership.isOrphan(cluster)) {
				int killed = 0;
				try (DirectoryStream<Path> nodes = Files.newDirectoryStream(cluster, Files::isDirectory)) {
					for (Path node : nodes) {
						Optional<ProcessHandle> server = runningServer(node);
						if (server.isPresent()) {
							server.get().destroyForcibly();
							server.get().onExit().get(10, TimeUnit.SECONDS);
							killed++;
						}
					}
				}
				FileTrees.delete(cluster);
				logger.log(System.Logger.Level.WARNING,
						"Removed leftover MariaDB cluster {0} of a JVM that is gone ({1} server(s) killed)", cluster,
						killed);
			}
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.log(System.Logger.Level.WARNING, "Could not remove leftover MariaDB cluster " + cluster, ex);
		}
	}

	/** The live server of a data directory, if its pid file names one that still serves it. */
	static Optional<ProcessHandle> runningServer(Path dataDirectory) throws IOException {
		Path pidFile = dataDirectory.resolve(PID_FILE);
		if (!Files.isRegularFile(pidFile)) {
			return Optional.empty();
		}
		String pid = Files.readString(pidFile).trim();
		if (pid.isEmpty()) {
			return Optional.empty();
		}
		// A stale pid file may name a pid that now belongs to an unrelated process.
		return ProcessHandle.of(Long.parseLong(pid))
			.filter((process) -> process.info()
				.commandLine()
				.map((line) -> line.contains(dataDirectory.toString()))
				.orElse(true));
	}

}
