package io.github.replicarouting.test.postgresql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.replicarouting.test.ReplicatedClusterException;
import io.github.replicarouting.test.internal.Tools;

/**
 * Runs the short-lived PostgreSQL tools ({@code initdb}, {@code pg_ctl}), failing with
 * {@link ReplicatedClusterException}, and removes what a killed postmaster leaves behind.
 */
final class Commands {

	private Commands() {
	}

	/**
	 * Runs a command to completion, failing with its output when it fails or overruns. The working
	 * directory is one the server user can enter: as {@code nobody}, PostgreSQL's tools fail when
	 * they cannot read the directory they are started in (for example under /root).
	 */
	static String run(List<String> command, Path workingDirectory, Duration timeout) {
		return Tools.run(command, workingDirectory, timeout);
	}

	/**
	 * Removes the small System V segment a postmaster keeps as an interlock. A postmaster killed
	 * with SIGKILL cannot remove it; the next start in the same data directory would, but a killed
	 * node may never start again, and leaked segments pile up across test runs.
	 */
	static void removeSharedMemory(Path dataDirectory) {
		try {
			Path pidFile = dataDirectory.resolve("postmaster.pid");
			Path ipcrm = Path.of("/usr/bin/ipcrm");
			if (!Files.isRegularFile(pidFile) || !Files.isExecutable(ipcrm)) {
				return;
			}
			List<String> lines = Files.readAllLines(pidFile);
			// Line 7 holds the segment's key and id.
			String[] keyAndId = (lines.size() > 6) ? lines.get(6).trim().split("\\s+") : new String[0];
			if (keyAndId.length == 2 && !keyAndId[1].equals("0")) {
				new ProcessBuilder(ipcrm.toString(), "-m", keyAndId[1]).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start()
					.waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (IOException | RuntimeException ex) {
			// Best effort: a leaked segment of a few bytes must not fail a test.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
