package io.github.replicarouting.test.postgresql;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.ReplicatedClusterException;
import io.github.replicarouting.test.internal.EmbeddedServers;

/**
 * The embedded backend of {@link ReplicatedPostgres}: server processes on this machine from the
 * zonky binaries, in a cluster directory of their own that closing deletes. As root, the servers
 * run as user {@code nobody} through {@code runuser}, since PostgreSQL refuses to run as root.
 */
final class EmbeddedPostgres extends EmbeddedServers<NodeServer> {

	private final int replicas;

	private final Duration timeout;

	EmbeddedPostgres(int replicas, Duration timeout) {
		this.replicas = replicas;
		this.timeout = timeout;
	}

	@Override
	public List<ClusterNode> start() {
		Path cluster;
		try {
			Path root = ClusterDirectories.root();
			ClusterDirectories.removeLeftovers(root);
			cluster = directory(ClusterDirectories.createCluster(root));
		}
		catch (IOException ex) {
			throw new ReplicatedClusterException("Could not create a directory for the PostgreSQL cluster", ex);
		}
		try {
			ClusterStarter.start(cluster, this.replicas, this.timeout, this::add);
		}
		catch (IOException ex) {
			throw new ReplicatedClusterException("Could not start the PostgreSQL cluster in " + cluster, ex);
		}
		return List.copyOf(servers());
	}

	/** Immediate shutdown: quickest, and unlike SIGKILL it releases the server's shared memory. */
	@Override
	protected void stopForClose(NodeServer server) {
		server.stopImmediately(this.timeout);
	}

}
