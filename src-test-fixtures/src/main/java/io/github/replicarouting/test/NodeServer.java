package io.github.replicarouting.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.replicarouting.test.internal.Poll;

/**
 * One PostgreSQL server of a cluster: its data directory, port, log and process. The postmaster
 * is started directly (not through {@code pg_ctl start}) so that it is a child of this JVM, which
 * reaps it, and so that its death is seen at once while waiting for it to serve.
 */
final class NodeServer {

	private static final System.Logger logger = System.getLogger(NodeServer.class.getName());

	private static final int LOG_TAIL_LINES = 30;

	private final String name;

	private final int port;

	private final Path dataDirectory;

	private final Path logFile;

	private final PostgresBinaries binaries;

	private final ServerUser user;

	private volatile Process process;

	NodeServer(String name, int port, Path dataDirectory, Path logFile, PostgresBinaries binaries, ServerUser user) {
		this.name = name;
		this.port = port;
		this.dataDirectory = dataDirectory;
		this.logFile = logFile;
		this.binaries = binaries;
		this.user = user;
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	Path dataDirectory() {
		return this.dataDirectory;
	}

	boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	/** Whether the node starts as a standby; promotion removes the signal file. */
	boolean isStandby() {
		return Files.exists(this.dataDirectory.resolve("standby.signal"));
	}

	/** Launches the postmaster without waiting; see {@link #awaitServing(Duration)}. */
	void launch() {
		if (isRunning()) {
			throw new ReplicatedPostgresException(this.name + ": already running on port " + this.port);
		}
		List<String> command = this.user.command(
				List.of(this.binaries.tool("postgres").toString(), "-D", this.dataDirectory.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.dataDirectory.getParent().toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()));
		builder.environment().put("LC_ALL", "C");
		try {
			this.process = builder.start();
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			throw new ReplicatedPostgresException(this.name + ": could not start " + command, ex);
		}
	}

	/**
	 * Waits until the server answers SQL and, as a standby whose primary runs, streams from it.
	 * Fails early with the log's tail when the server exits instead.
	 */
	void awaitServing(Duration timeout, boolean requireStreaming) {
		boolean streaming = requireStreaming && isStandby();
		Poll.until(timeout, () -> {
			if (!isRunning()) {
				throw new ReplicatedPostgresException(this.name + ": server exited while starting (port "
						+ this.port + ")" + logTail());
			}
			return serves(streaming);
		}, () -> new ReplicatedPostgresException(this.name + ": not " + (streaming ? "streaming" : "serving")
				+ " on port " + this.port + " after " + timeout + logTail()));
	}

	private boolean serves(boolean streaming) {
		try {
			String state = Sql.queryValue(this.port, streaming
					? "select coalesce((select status from pg_stat_wal_receiver), 'none') || ' ' || pg_is_in_recovery()"
					: "select 'serving'");
			return streaming ? "streaming true".equals(state) : "serving".equals(state);
		}
		catch (SQLException ex) {
			// Refused, or "the database system is starting up": not yet.
			return false;
		}
	}

	/** Fast shutdown: disconnects sessions, writes a checkpoint, exits. */
	void stop(Duration timeout) {
		shutdown("fast", timeout);
	}

	/**
	 * Immediate shutdown: every process exits at once without a checkpoint, like a crash, but the
	 * postmaster still releases its shared memory, which a SIGKILL would leak.
	 */
	void stopImmediately(Duration timeout) {
		shutdown("immediate", timeout);
	}

	private void shutdown(String mode, Duration timeout) {
		if (!isRunning()) {
			return;
		}
		try {
			Commands.run(this.user.command(List.of(this.binaries.tool("pg_ctl").toString(), "stop", "-D",
					this.dataDirectory.toString(), "-m", mode, "-w", "-t", String.valueOf(timeout.toSeconds()))),
					this.dataDirectory.getParent(), timeout.plusSeconds(5));
			awaitExit(timeout);
		}
		catch (ReplicatedPostgresException ex) {
			logger.log(System.Logger.Level.WARNING, "{0}: {1} shutdown failed, killing it: {2}", this.name, mode,
					ex.getMessage());
			kill();
		}
	}

	/**
	 * Kills the postmaster and all its children at once, like a crash. The postmaster's parent
	 * (this JVM, or {@code runuser} which then exits) reaps it.
	 */
	void kill() {
		Process current = this.process;
		if (current == null) {
			return;
		}
		ProcessHandle root = current.toHandle();
		List<ProcessHandle> victims = new ArrayList<>(root.descendants().toList());
		// Through runuser, the postmaster is runuser's child: spare runuser so it reaps it.
		if (!this.user.switchesUser() || victims.isEmpty()) {
			victims.add(0, root);
		}
		victims.forEach(ProcessHandle::destroyForcibly);
		awaitExit(Duration.ofSeconds(10));
		Commands.removeSharedMemory(this.dataDirectory);
	}

	private void awaitExit(Duration timeout) {
		Process current = this.process;
		try {
			if (current != null && !current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new ReplicatedPostgresException(this.name + ": still running " + timeout + " after shutdown");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ReplicatedPostgresException(this.name + ": interrupted while waiting for shutdown", ex);
		}
	}

	/** The last lines of the server's log, to explain a failure without opening files. */
	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
			List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
			return "\n--- last lines of " + this.logFile + " ---\n" + String.join("\n", tail);
		}
		catch (IOException ex) {
			return "\n(no log at " + this.logFile + ": " + ex.getMessage() + ")";
		}
	}

}
