package io.github.replicarouting.test.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Marks a cluster directory with the JVM that owns it, so that the leftovers of a JVM that died
 * without cleaning up can be told from the clusters of JVMs still running.
 */
public final class ClusterOwnership {

	private static final String OWNER_FILE = "owner";

	private ClusterOwnership() {
	}

	/** A new, unique name for a cluster directory; sorts by creation time. */
	public static String newClusterName() {
		return Instant.now().getEpochSecond() + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** Records this JVM (pid and start time) as the owner of {@code cluster}. */
	public static void markOwned(Path cluster) throws IOException {
		ProcessHandle self = ProcessHandle.current();
		long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
		Files.writeString(cluster.resolve(OWNER_FILE), self.pid() + " " + started + "\n");
	}

	/** Whether the JVM that owns {@code cluster} is gone. */
	public static boolean isOrphan(Path cluster) throws IOException {
		Path ownerFile = cluster.resolve(OWNER_FILE);
		if (!Files.isRegularFile(ownerFile)) {
			// The owner file is written right after the directory: without it, creation failed.
			return isOlderThan(cluster, Duration.ofMinutes(1));
		}
		String[] owner = Files.readString(ownerFile).trim().split(" ");
		Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(owner[0]));
		long started = Long.parseLong(owner[1]);
		// A recycled pid belongs to a process that started at another time.
		return process.isEmpty() || (started != 0 && process.get()
			.info()
			.startInstant()
			.map((instant) -> instant.toEpochMilli() != started)
			.orElse(false));
	}

	public static boolean isOlderThan(Path path, Duration age) throws IOException {
		return Files.getLastModifiedTime(path).toInstant().isBefore(Instant.now().minus(age));
	}

}
