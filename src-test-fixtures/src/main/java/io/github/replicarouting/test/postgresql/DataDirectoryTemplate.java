package io.github.replicarouting.test.postgresql;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.github.replicarouting.test.ReplicatedClusterException;
import io.github.replicarouting.test.internal.FileTrees;

/**
 * An initialized, never started data directory, made once per binaries version and server user
 * and copied for every node. Copying is much faster than {@code initdb}, and it is also what
 * makes replication work without {@code pg_basebackup}: every copy has the same system identifier
 * and starts at the same clean shutdown checkpoint, so a copy started as a standby can stream
 * from a copy started as the primary.
 */
final class DataDirectoryTemplate {

	private static final System.Logger logger = System.getLogger(DataDirectoryTemplate.class.getName());

	/**
	 * Part of the cache directory's name: change it whenever the {@code initdb} options change, so
	 * that caches made by an older version of this class are not used.
	 */
	private static final String FORMAT = "1";

	private DataDirectoryTemplate() {
	}

	/** The template for these binaries and this user, created under {@code cacheRoot} if missing. */
	static Path resolve(PostgresBinaries binaries, ServerUser user, Path cacheRoot) {
		Path template = cacheRoot.resolve("data-" + binaries.version() + "-" + user.name() + "-v" + FORMAT);
		if (!Files.isRegularFile(template.resolve("PG_VERSION"))) {
			create(binaries, user, template);
		}
		return template;
	}

	/**
	 * Runs {@code initdb} into a private directory and renames it into place, so concurrent JVMs
	 * never copy a half-initialized template.
	 */
	private static void create(PostgresBinaries binaries, ServerUser user, Path template) {
		Path staging = template.resolveSibling(template.getFileName() + ".tmp-" + UUID.randomUUID());
		long started = System.nanoTime();
		try {
			user.createPrivateDirectory(staging);
			Commands.run(user.command(List.of(binaries.tool("initdb").toString(), "-D", staging.toString(), "-A",
					"trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
					// 1 MB WAL segments keep each copy small and quick to make.
					"--wal-segsize=1")), binaries.home(), Duration.ofMinutes(2));
			Files.move(staging, template, StandardCopyOption.ATOMIC_MOVE);
			logger.log(System.Logger.Level.INFO, "PostgreSQL data directory template created at {0} in {1} ms",
					template, (System.nanoTime() - started) / 1_000_000);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException ex) {
			FileTrees.deleteQuietly(staging);
		}
		catch (IOException | RuntimeException ex) {
			FileTrees.deleteQuietly(staging);
			throw new ReplicatedClusterException("Could not create a PostgreSQL data directory at " + staging
					+ " as user '" + user.name() + "'", ex);
		}
	}

}
