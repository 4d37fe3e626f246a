package io.github.replicarouting.test.postgresql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.ReplicatedClusterException;
import io.github.replicarouting.test.internal.FileTrees;
import io.github.replicarouting.test.internal.Poll;

/**
 * One PostgreSQL server of an embedded cluster, a node: its data directory, port, log and
 * process. It listens on 127.0.0.1 only and trusts local connections. The postmaster is started
 * directly (not through {@code pg_ctl start}) so that it is a child of this JVM, which reaps it,
 * and so that its death is seen at once while waiting for it to serve.
 */
final class NodeServer extends ClusterNode {

	private static final System.Logger logger = System.getLogger(NodeServer.class.getName());

	private static final int LOG_TAIL_LINES = 30;

	private final Path dataDirectory;

	private final Path logFile;

	private final PostgresBinaries binaries;

	private final ServerUser user;

	private final Path template;

	private volatile @Nullable Process process;

	NodeServer(String name, int port, Path dataDirectory, Path logFile, PostgresBinaries binaries, ServerUser user,
			Path template) {
		super(name, "127.0.0.1", port, PostgresSql.jdbcUrl("127.0.0.1", port), PostgresSql.USERNAME,
				PostgresSql.PASSWORD);
		this.dataDirectory = dataDirectory;
		this.logFile = logFile;
		this.binaries = binaries;
		this.user = user;
		this.template = template;
	}

	Path dataDirectory() {
		return this.dataDirectory;
	}

	@Override
	public boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	/** Whether the node starts as a standby; promotion removes the signal file. */
	boolean isStandby() {
		return Files.exists(this.dataDirectory.resolve("standby.signal"));
	}

	/** Creates the primary's data directory from the template. */
	void createPrimary() throws IOException {
		FileTrees.copy(this.template, this.dataDirectory);
		NodeSettings.writePrimary(this.dataDirectory, clusterName(), port());
	}

	/** Creates a replica's data directory from the template, streaming from {@code primaryHost:primaryPort}. */
	void createReplica(String primaryHost, int primaryPort) throws IOException {
		FileTrees.copy(this.template, this.dataDirectory);
		NodeSettings.writeReplica(this.dataDirectory, clusterName(), port(), name(), primaryHost, primaryPort,
				this.user);
	}

	/** Shows in every server process title, which makes a cluster's processes recognizable in {@code ps}. */
	private String clusterName() {
		return this.dataDirectory.getParent().getFileName() + "-" + name();
	}

	@Override
	protected void demoted() {
		try {
			NodeSettings.writeStandbySignal(this.dataDirectory, this.user);
		}
		catch (IOException ex) {
			throw new ReplicatedClusterException(name() + ": could not write its standby.signal", ex);
		}
	}

	/** The template is a never-started copy of the data every node started from. */
	@Override
	protected void reseed(String primaryHost, int primaryPort) {
		if (isRunning()) {
			throw new ReplicatedClusterException(name() + ": still running on port " + port() + "; stop it first");
		}
		try {
			FileTrees.delete(this.dataDirectory);
			createReplica(primaryHost, primaryPort);
		}
		catch (IOException ex) {
			throw new ReplicatedClusterException(name() + ": could not replace its data directory", ex);
		}
	}

	/** Launches the postmaster without waiting; see {@link #awaitServing(Duration, boolean)}. */
	void launch() {
		if (isRunning()) {
			throw new ReplicatedClusterException(name() + ": already running on port " + port());
		}
		List<String> command = this.user.command(
				List.of(this.binaries.tool("postgres").toString(), "-D", this.dataDirectory.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory().toFile())
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
	 * Waits until the server answers SQL and, as a standby whose primary runs, streams from it.
	 * Fails early with the log's tail when the server exits instead.
	 */
	void awaitServing(Duration timeout, boolean requireStreaming) {
		boolean streaming = requireStreaming && isStandby();
		Poll.until(timeout, () -> {
			if (!isRunning()) {
				throw new ReplicatedClusterException(name() + ": server exited while starting (port "
						+ port() + ")" + logTail());
			}
			return PostgresSql.serves(jdbcUrl(), streaming);
		}, () -> new ReplicatedClusterException(name() + ": not " + (streaming ? "streaming" : "serving")
				+ " on port " + port() + " after " + timeout + logTail()));
	}

	@Override
	protected void start(Duration timeout) {
		launch();
		awaitServing(timeout, false);
	}

	/** Fast shutdown: disconnects sessions, writes a checkpoint, exits. */
	@Override
	protected void stop(Duration timeout) {
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
					workingDirectory(), timeout.plusSeconds(5));
			awaitExit(timeout);
		}
		catch (ReplicatedClusterException ex) {
			logger.log(System.Logger.Level.WARNING, "{0}: {1} shutdown failed, killing it: {2}", name(), mode,
					ex.getMessage());
			kill();
		}
	}

	/**
	 * Kills the postmaster and all its children at once, like a crash. The postmaster's parent
	 * (this JVM, or {@code runuser} which then exits) reaps it.
	 */
	@Override
	protected void kill() {
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
				throw new ReplicatedClusterException(name() + ": still running " + timeout + " after shutdown");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ReplicatedClusterException(name() + ": interrupted while waiting for shutdown", ex);
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

	/** Where the server's tools run: the cluster directory that holds its data directory. */
	private Path workingDirectory() {
		return Objects.requireNonNull(this.dataDirectory.getParent(), "a data directory lies inside a cluster directory");
	}

}
