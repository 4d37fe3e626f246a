package io.github.replicarouting.test.mariadb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.ReplicatedClusterException;
import io.github.replicarouting.test.internal.FileTrees;
import io.github.replicarouting.test.internal.Poll;

/**
 * One MariaDB server of an embedded cluster, a node: its data directory, port, server id, log
 * and process. It listens on 127.0.0.1 only and serves the database {@code app} to the user
 * {@code app}. The server is a direct child of this JVM, so its death is seen at once while waiting for it.
 * A replica is started read-only ({@code --read-only}), so that it is one from its first
 * statement and again after every restart; a promoted one no longer is.
 */
final class MariaDbServer extends ClusterNode {

	private static final int LOG_TAIL_LINES = 30;

	private final int serverId;

	private final Path dataDirectory;

	private final Path logFile;

	private final MariaDbBinaries binaries;

	private final Path template;

	private volatile boolean replica;

	private volatile @Nullable Process process;

	MariaDbServer(String name, int port, int serverId, Path dataDirectory, Path logFile, MariaDbBinaries binaries,
			Path template, boolean replica) {
		super(name, "127.0.0.1", port, MariaDbReplication.jdbcUrl("127.0.0.1", port), MariaDbReplication.USERNAME,
				MariaDbReplication.PASSWORD);
		this.serverId = serverId;
		this.dataDirectory = dataDirectory;
		this.logFile = logFile;
		this.binaries = binaries;
		this.template = template;
		this.replica = replica;
	}

	int serverId() {
		return this.serverId;
	}

	Path dataDirectory() {
		return this.dataDirectory;
	}

	boolean isReplica() {
		return this.replica;
	}

	/** After promotion: restarts no longer make it read-only. */
	@Override
	protected void promoted() {
		this.replica = false;
	}

	/** Restarts make it read-only again. */
	@Override
	protected void demoted() {
		this.replica = true;
	}

	/** Creates the data directory from the template every node started from. */
	void createDataDirectory() throws IOException {
		FileTrees.copy(this.template, this.dataDirectory);
	}

	/** A fresh copy of the template, no binary log, no relay log: replication replays everything. */
	@Override
	protected void reseed(String primaryHost, int primaryPort) {
		if (isRunning()) {
			throw new ReplicatedClusterException(name() + ": still running on port " + port() + "; stop it first");
		}
		try {
			FileTrees.delete(this.dataDirectory);
			createDataDirectory();
		}
		catch (IOException ex) {
			throw new ReplicatedClusterException(name() + ": could not replace its data directory", ex);
		}
		this.replica = true;
	}

	@Override
	public boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	/** Starts the server without waiting; see {@link #awaitServing(Duration)}. */
	void launch() {
		if (isRunning()) {
			throw new ReplicatedClusterException(name() + ": already running on port " + port());
		}
		List<String> command = new ArrayList<>(List.of(this.binaries.server().toString(), "--no-defaults",
				"--basedir=" + this.binaries.home(), "--datadir=" + this.dataDirectory, "--port=" + port(),
				"--bind-address=127.0.0.1", "--socket=" + socket(), "--server-id=" + this.serverId,
				"--pid-file=" + this.dataDirectory.resolve(MariaDbDirectories.PID_FILE)));
		command.addAll(MariaDbReplication.NODE_OPTIONS);
		MariaDbBinaries.userOption().ifPresent(command::add);
		command.addAll(MariaDbReplication.SERVER_OPTIONS);
		if (this.replica) {
			command.add("--read-only=1");
		}
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.dataDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()));
		builder.environment().put("LC_ALL", "C");
		try {
			this.process = builder.start();
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			throw new ReplicatedClusterException(name() + ": could not start " + command, ex);
		}
	}

	/**
	 * A Unix socket path must fit in 107 bytes; the fixture only uses TCP, so a long cluster
	 * directory gets its socket in the temporary directory instead.
	 */
	private String socket() {
		Path socket = this.dataDirectory.resolve("mariadbd.sock");
		if (socket.toString().length() < 100) {
			return socket.toString();
		}
		return Path.of("/tmp", "rr-mariadb-" + port() + ".sock").toString();
	}

	@Override
	protected void start(Duration timeout) {
		launch();
		awaitServing(timeout);
	}

	/** Waits until the server answers SQL; fails early with the log's tail when it exits instead. */
	void awaitServing(Duration timeout) {
		Poll.until(timeout, () -> {
			requireRunning("starting");
			return answers();
		}, () -> new ReplicatedClusterException(name() + ": not serving on port " + port() + " after " + timeout
				+ logTail()));
	}

	/** The server as the replication controls reach it. */
	MariaDbReplication.Node node() {
		return new MariaDbReplication.Node(name(), "127.0.0.1", port(), this::isRunning, this::logTail);
	}

	private void requireRunning(String what) {
		if (!isRunning()) {
			throw new ReplicatedClusterException(name() + ": server exited while " + what + " (port " + port()
					+ ")" + logTail());
		}
	}

	private boolean answers() {
		return MariaDbReplication.answers(node());
	}

	/** Clean shutdown (SIGTERM): sessions are disconnected, InnoDB is flushed, the server exits. */
	@Override
	protected void stop(Duration timeout) {
		Process current = this.process;
		if (current == null || !current.isAlive()) {
			return;
		}
		current.destroy();
		if (!awaitExit(current, timeout)) {
			kill();
		}
	}

	/** SIGKILL, like a crash. */
	@Override
	protected void kill() {
		Process current = this.process;
		if (current == null) {
			return;
		}
		current.destroyForcibly();
		if (!awaitExit(current, Duration.ofSeconds(10))) {
			throw new ReplicatedClusterException(name() + ": still running 10 s after SIGKILL");
		}
	}

	private static boolean awaitExit(Process process, Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !process.isAlive();
		}
	}

	/** The last lines of the server's log, to explain a failure without opening files. */
	@Override
	protected String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.logFile, StandardCharsets.UTF_8);
			List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
			return "\n--- last lines of " + this.logFile + " ---\n" + String.join("\n", tail);
		}
		catch (IOException ex) {
			return "\n(no log at " + this.logFile + ": " + ex.getMessage() + ")";
		}
	}

	@Override
	public String toString() {
		return super.toString() + " server_id " + this.serverId;
	}

}
