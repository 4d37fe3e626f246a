package io.github.replicarouting.test.internal;

import java.time.Duration;

import io.github.replicarouting.test.ClusterNode;

/**
 * A node of the containers backend, whatever the database: its server runs in its own
 * container, which stop, kill and start act on and which keeps its data directory and address.
 */
final class ContainerNode extends ClusterNode {

	private final ContainerServer server;

	private final NodeContainer container;

	ContainerNode(ContainerServer server, NodeContainer container) {
		super(container.nodeName(), container.hostAddress(), container.hostPort(),
				server.jdbcUrl(container.hostAddress(), container.hostPort()), server.username(), server.password());
		this.server = server;
		this.container = container;
	}

	NodeContainer container() {
		return this.container;
	}

	@Override
	public boolean isRunning() {
		return this.container.isServerRunning();
	}

	/** Its container gets the server's clean stop signal; the container is kept for start. */
	@Override
	protected void stop(Duration timeout) {
		this.container.stopServer(timeout);
	}

	/** SIGKILL to every process of its container at once. */
	@Override
	protected void kill() {
		this.container.killServer();
	}

	@Override
	protected void start(Duration timeout) {
		this.container.restart();
		this.container.awaitServing(timeout, false);
	}

	@Override
	protected void promoted() {
		this.server.promoted(this.container);
	}

	@Override
	protected String logTail() {
		return this.container.logTail();
	}

}
