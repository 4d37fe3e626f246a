package io.github.replicarouting.test.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

import io.github.replicarouting.test.ReplicatedClusterException;

/**
 * The container of one node. Testcontainers creates and removes it; in between, stop, kill and
 * start go straight to the engine, so the container (its data directory, its address) survives
 * them. Readiness is the fixture's own check, a query, with the container's log in the error
 * when the server exits instead.
 */
public final class NodeContainer extends GenericContainer<NodeContainer> {

	private static final System.Logger logger = System.getLogger(NodeContainer.class.getName());

	private static final int LOG_TAIL_LINES = 30;

	private final ContainerServer server;

	private final String nodeName;

	private final String image;

	private final String hostAddress;

	private final int hostPort;

	private final String peerHost;

	private volatile boolean standby;

	private volatile @Nullable BiConsumer<DockerClient, String> seed;

	NodeContainer(ContainerServer server, String image, String nodeName, String command, String user,
			String hostAddress, int hostPort, String peerHost, boolean standby) {
		super(DockerImageName.parse(image));
		this.server = server;
		this.image = image;
		this.nodeName = nodeName;
		this.hostAddress = hostAddress;
		this.hostPort = hostPort;
		this.peerHost = peerHost;
		this.standby = standby;
		withCommand("sh", "-c", command);
		withLabel("io.github.replicarouting.node", nodeName);
		withCreateContainerCmdModifier((create) -> create.withUser(user).withStopSignal(server.stopSignal()));
		// Readiness is awaitServing's query: it also notices a server that exits.
		withStartupCheckStrategy(new StartedStartupCheck());
		waitingFor(new NoWait());
	}

	/**
	 * Publishes the server's port on the same port of the Docker host (bridge networking), fixed
	 * so that it survives a restart of the container.
	 */
	void publish() {
		addFixedExposedPort(this.hostPort, this.hostPort);
	}

	/**
	 * What to copy into the container once it is created and before it first starts, such as a
	 * replica's data directory; given the engine's client and the container's id.
	 */
	public void seedWith(BiConsumer<DockerClient, String> seed) {
		this.seed = seed;
	}

	@Override
	protected void containerIsCreated(String containerId) {
		BiConsumer<DockerClient, String> current = this.seed;
		if (current != null) {
			current.accept(getDockerClient(), containerId);
		}
	}

	public String nodeName() {
		return this.nodeName;
	}

	public String hostAddress() {
		return this.hostAddress;
	}

	public int hostPort() {
		return this.hostPort;
	}

	/** Where the cluster's other nodes reach this one: 127.0.0.1 with host networking, else its name. */
	public String peerHost() {
		return this.peerHost;
	}

	public boolean isStandby() {
		return this.standby;
	}

	public void promoted() {
		this.standby = false;
	}

	public void demoted() {
		this.standby = true;
	}

	/**
	 * Writes a small file (mode 0644, owned by root) into the container, running or stopped, as
	 * {@code docker cp} does: how the fixture leaves word for the container's command, which reads
	 * it at the next start.
	 */
	public void writeFile(String directory, String name, String content) {
		byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream tar = new ByteArrayOutputStream(1024 + bytes.length);
		try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
			TarArchiveEntry entry = new TarArchiveEntry(name);
			entry.setMode(0100644);
			entry.setSize(bytes.length);
			out.putArchiveEntry(entry);
			out.write(bytes);
			out.closeArchiveEntry();
			out.finish();
		}
		catch (IOException ex) {
			throw new ReplicatedClusterException(this.nodeName + ": could not write " + directory + "/" + name, ex);
		}
		getDockerClient().copyArchiveToContainerCmd(getContainerId())
			.withRemotePath(directory)
			.withTarInputStream(new ByteArrayInputStream(tar.toByteArray()))
			.exec();
	}

	/** Creates and starts the container, without waiting; see {@link #awaitServing}. */
	public void launch() {
		try {
			start();
		}
		catch (RuntimeException ex) {
			throw new ReplicatedClusterException(this.nodeName + ": could not start a container from image '"
					+ this.image + "': " + rootMessage(ex) + ". " + this.server.imageRequirement(), ex);
		}
	}

	public boolean isServerRunning() {
		if (getContainerId() == null) {
			return false;
		}
		InspectContainerResponse.ContainerState state = getDockerClient().inspectContainerCmd(getContainerId())
			.exec()
			.getState();
		return Boolean.TRUE.equals(state.getRunning());
	}

	/**
	 * Waits until the server answers SQL and, as a standby whose primary runs, streams from it
	 * (where the server tells; see {@link ContainerServer#serves}).
	 * Fails early with the log's tail when the container exits instead.
	 */
	public void awaitServing(Duration timeout, boolean requireStreaming) {
		boolean streaming = requireStreaming && this.standby;
		Poll.until(timeout, () -> {
			if (!isServerRunning()) {
				throw exited();
			}
			return this.server.serves(this, streaming);
		}, () -> new ReplicatedClusterException(this.nodeName + ": not " + (streaming ? "streaming" : "serving")
				+ " at " + this.hostAddress + ":" + this.hostPort + " after " + timeout + logTail()));
	}

	private RuntimeException exited() {
		String logs = logs();
		String missing = Arrays.stream(logs.split("\n"))
			.filter((line) -> line.startsWith(ContainerCommands.MISSING_TOOL))
			.findFirst()
			.orElse(null);
		if (missing != null) {
			return new ReplicatedClusterException(this.nodeName + ": "
					+ this.server.missingBinary(this.image, missing.substring("replica-routing: ".length())));
		}
		return new ReplicatedClusterException(
				this.nodeName + ": container exited while starting (image '" + this.image + "')" + logTail());
	}

	/** Fast shutdown through the container's stop signal; the engine kills it after the timeout. */
	public void stopServer(Duration timeout) {
		if (isServerRunning()) {
			getDockerClient().stopContainerCmd(getContainerId()).withTimeout((int) timeout.toSeconds()).exec();
		}
	}

	/** SIGKILL to every process of the container at once, like a crash. */
	public void killServer() {
		if (isServerRunning()) {
			getDockerClient().killContainerCmd(getContainerId()).exec();
		}
	}

	/** Starts the stopped container again: same data directory, same address. */
	public void restart() {
		if (isServerRunning()) {
			throw new ReplicatedClusterException(this.nodeName + ": already running");
		}
		DockerClient client = getDockerClient();
		client.startContainerCmd(getContainerId()).exec();
	}

	/** Removes the container; a failure is logged, so that the cluster's other containers still go. */
	public void remove() {
		try {
			stop();
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "{0}: could not remove container {1}: {2}", this.nodeName,
					getContainerId(), ex.getMessage());
		}
	}

	public String logs() {
		try {
			return getLogs();
		}
		catch (RuntimeException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** The last lines of the container's log, to explain a failure without running docker logs. */
	public String logTail() {
		List<String> lines = Arrays.asList(logs().split("\n"));
		List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
		return "\n--- last lines of the log of " + this.nodeName + " (container "
				+ (getContainerId() != null ? getContainerId().substring(0, 12) : "none") + ") ---\n"
				+ String.join("\n", tail);
	}

	private static @Nullable String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage();
	}

	@Override
	public boolean equals(Object other) {
		return this == other;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this);
	}

	/** A container that was started counts as started; awaitServing then looks closer. */
	private static final class StartedStartupCheck extends StartupCheckStrategy {

		@Override
		public StartupStatus checkStartupState(DockerClient client, String containerId) {
			return StartupStatus.SUCCESSFUL;
		}

	}

	private static final class NoWait extends AbstractWaitStrategy {

		@Override
		protected void waitUntilReady() {
		}

	}

}
