package io.github.replicarouting.test.postgresql;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.github.replicarouting.test.internal.ClusterOwnership;
import io.github.replicarouting.test.internal.FileTrees;
import io.github.replicarouting.test.internal.Tools;

/**
 * Where clusters live on disk: a cache root shared by every JVM and user of the machine (binaries
 * and data directory templates) and one directory per running cluster, marked with the JVM that
 * owns it so that the leftovers of a JVM that died without cleaning up can be found and removed.
 */
final class ClusterDirectories {

	/** System property naming the cache root; defaults to {@code ${java.io.tmpdir}/replica-routing-pg}. */
	static final String ROOT_PROPERTY = "replica-routing.test.postgres-dir";

	private static final System.Logger logger = System.getLogger(ClusterDirectories.class.getName());

	private static final Duration STALE_STAGING_AGE = Duration.ofMinutes(30);

	private ClusterDirectories() {
	}

	/**
	 * The cache root, created world-writable with the sticky bit like /tmp: users share the
	 * unpacked binaries but can only remove their own entries. It must not live under /root,
	 * where the unprivileged server user cannot reach it.
	 */
	static Path root() throws IOException {
		String configured = System.getProperty(ROOT_PROPERTY);
		Path root = Path.of((configured != null) ? configured : System.getProperty("java.io.tmpdir"))
			.toAbsolutePath();
		if (configured == null) {
			root = root.resolve("replica-routing-pg");
		}
		if (!Files.isDirectory(root)) {
			Files.createDirectories(root);
			makeShared(root);
		}
		Path clusters = root.resolve("clusters");
		if (!Files.isDirectory(clusters)) {
			Files.createDirectories(clusters);
			makeShared(clusters);
		}
		return root;
	}

	private static void makeShared(Path directory) throws IOException {
		try {
			// 01777, like /tmp; the portable permission API has no sticky bit.
			Files.setAttribute(directory, "unix:mode", 01777);
		}
		catch (UnsupportedOperationException | IllegalArgumentException ex) {
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
		}
	}

	/** Creates a cluster directory owned by this JVM; the server user may enter but not write it. */
	static Path createCluster(Path root) throws IOException {
		Path cluster = root.resolve("clusters").resolve(ClusterOwnership.newClusterName());
		Files.createDirectory(cluster);
		Files.setPosixFilePermissions(cluster, PosixFilePermissions.fromString("rwxr-xr-x"));
		ClusterOwnership.markOwned(cluster);
		return cluster;
	}

	/**
	 * Stops the servers of clusters whose JVM is gone and deletes their directories, plus staging
	 * directories that an interrupted unpack or {@code initdb} left. Never fails: cleaning up
	 * after someone else must not break this run.
	 */
	static void removeLeftovers(Path root) {
		try (DirectoryStream<Path> clusters = Files.newDirectoryStream(root.resolve("clusters"))) {
			for (Path cluster : clusters) {
				removeIfOrphan(cluster);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Could not list leftover PostgreSQL clusters under " + root, ex);
		}
		removeStaleStaging(root);
	}

	private static void removeIfOrphan(Path cluster) {
		try {
			if (ClusterOwnership.isOrphan(cluster)) {
				int killed = killServers(cluster);
				FileTrees.delete(cluster);
				logger.log(System.Logger.Level.WARNING,
						"Removed leftover PostgreSQL cluster {0} of a JVM that is gone ({1} server(s) killed)", cluster,
						killed);
			}
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			// For example another user's cluster, which the sticky cache root does not let us delete.
			logger.log(System.Logger.Level.WARNING, "Could not remove leftover PostgreSQL cluster " + cluster, ex);
		}
	}

	/** Kills every postmaster recorded in a {@code postmaster.pid} below the cluster directory. */
	private static int killServers(Path cluster) throws Exception {
		int killed = 0;
		try (DirectoryStream<Path> nodes = Files.newDirectoryStream(cluster, Files::isDirectory)) {
			for (Path node : nodes) {
				Optional<ProcessHandle> postmaster = runningPostmaster(node);
				if (postmaster.isPresent()) {
					Tools.killTree(postmaster.get());
					postmaster.get().onExit().get(10, TimeUnit.SECONDS);
					Commands.removeSharedMemory(node);
					killed++;
				}
			}
		}
		return killed;
	}

	/** The live postmaster of a data directory, if its pid file names one that still serves it. */
	static Optional<ProcessHandle> runningPostmaster(Path dataDirectory) throws IOException {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return Optional.empty();
		}
		List<String> lines = Files.readAllLines(pidFile);
		if (lines.isEmpty() || lines.get(0).isBlank()) {
			return Optional.empty();
		}
		// A stale pid file may name a pid that now belongs to an unrelated process.
		return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
			.filter((process) -> process.info()
				.commandLine()
				.map((line) -> line.contains(dataDirectory.toString()))
				.orElse(true));
	}

	private static void removeStaleStaging(Path root) {
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "*.tmp-*")) {
			for (Path entry : entries) {
				if (ClusterOwnership.isOlderThan(entry, STALE_STAGING_AGE)) {
					FileTrees.delete(entry);
					logger.log(System.Logger.Level.WARNING, "Removed leftover staging directory {0}", entry);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Could not remove leftover staging directories under " + root, ex);
		}
	}

}
