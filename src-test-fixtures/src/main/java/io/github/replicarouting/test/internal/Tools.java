package io.github.replicarouting.test.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.replicarouting.test.ReplicatedClusterException;

/**
 * Runs a database's short-lived tools ({@code initdb}, {@code pg_ctl},
 * {@code mariadb-install-db}) and kills process trees.
 */
public final class Tools {

	private Tools() {
	}

	/**
	 * Runs a command to completion in the C locale, failing with its output when it fails or
	 * overruns.
	 * @return the command's output, standard error included
	 */
	public static String run(List<String> command, Path workingDirectory, Duration timeout) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true);
		builder.environment().put("LC_ALL", "C");
		try {
			Process process = builder.start();
			process.getOutputStream().close();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				killTree(process.toHandle());
				throw new ReplicatedClusterException("Timed out after " + timeout + " running " + command);
			}
			String text = new String(output, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new ReplicatedClusterException(
						"Command " + command + " failed with exit code " + process.exitValue() + ":\n" + text);
			}
			return text;
		}
		catch (IOException ex) {
			throw new ReplicatedClusterException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ReplicatedClusterException("Interrupted running " + command, ex);
		}
	}

	/**
	 * Kills a process and everything below it at once, like a crash. The descendants are listed
	 * before the parent dies, because PostgreSQL's children put themselves in their own sessions
	 * and would otherwise linger (as orphans) until they notice their postmaster is gone.
	 */
	public static void killTree(ProcessHandle root) {
		List<ProcessHandle> descendants = root.descendants().toList();
		root.destroyForcibly();
		descendants.forEach(ProcessHandle::destroyForcibly);
	}

}
