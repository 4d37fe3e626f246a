package io.github.replicarouting.test.internal;

import java.time.Duration;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.ReplicatedClusterException;

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
	protected void demoted() {
		this.server.demoted(this.container);
	}

	@Override
	protected void reseed(String primaryHost, int primaryPort) {
		if (isRunning()) {
			throw new ReplicatedClusterException(name() + ": still running; stop it first");
		}
		this.server.reseed(this.container, primaryHost, primaryPort);
	}

	/** Its name on a bridge network, where every node has its name as an alias. */
	@Override
	protected String peerHost() {
		return this.container.peerHost();
	}

	@Override
	protected String logTail() {
		return this.container.logTail();
	}

}
