package io.github.replicarouting.test.postgresql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.ReplicatedClusterException;
import io.github.replicarouting.test.internal.LoopbackPorts;

/**
 * Lays out a new cluster on disk and launches it: every data directory is a copy of the template,
 * so the primary and all replicas start at once instead of one after another.
 */
final class ClusterStarter {

	private static final System.Logger logger = System.getLogger(ClusterStarter.class.getName());

	private ClusterStarter() {
	}

	/**
	 * Prepares and launches a primary and {@code replicas} replicas, then waits until the primary
	 * serves and every replica streams. Copying a data directory is most of the start-up time, so
	 * each node is copied on its own thread and launched as soon as its copy is done.
	 */
	static void start(Path cluster, int replicas, Duration timeout, Consumer<NodeServer> register)
			throws IOException {
		Path root = Objects.requireNonNull(Objects.requireNonNull(cluster.getParent()).getParent(),
				"a cluster directory lies two levels below the fixtures' directory");
		PostgresBinaries binaries = PostgresBinaries.resolve(root);
		ServerUser user = ServerUser.detect(cluster);
		if (user.switchesUser()) {
			checkReachable(cluster, user);
		}
		Path template = DataDirectoryTemplate.resolve(binaries, user, root);
		List<Integer> ports = LoopbackPorts.free(replicas + 1);
		List<NodeServer> nodes = new ArrayList<>();
		for (int i = 0; i <= replicas; i++) {
			String name = (i == 0) ? RoutingDecision.PRIMARY : "replica-" + i;
			nodes.add(new NodeServer(name, ports.get(i), cluster.resolve(name), cluster.resolve(name + ".log"),
					binaries, user, template));
		}
		// Known to the cluster before any runs, so that a failed start still stops them all.
		nodes.forEach(register);
		ExecutorService executor = Executors.newFixedThreadPool(nodes.size());
		try {
			List<CompletableFuture<Void>> launched = nodes.stream()
				.map((node) -> CompletableFuture
					.runAsync(() -> prepareAndLaunch(node, nodes.get(0)), executor))
				.toList();
			CompletableFuture.allOf(launched.toArray(CompletableFuture[]::new)).join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
		finally {
			executor.shutdown();
		}
		for (NodeServer node : nodes) {
			node.awaitServing(timeout, true);
			logger.log(System.Logger.Level.DEBUG, "{0}: serving on port {1}", node.name(), node.port());
		}
	}

	private static void prepareAndLaunch(NodeServer node, NodeServer primary) {
		try {
			if (node == primary) {
				node.createPrimary();
			}
			else {
				node.createReplica(primary.host(), primary.port());
			}
		}
		catch (IOException ex) {
			throw new ReplicatedClusterException(node.name() + ": could not create its data directory", ex);
		}
		node.launch();
	}

	/**
	 * The unprivileged server user must be able to walk down to the cluster directory; a cache
	 * root under /root, for example, would fail later with a far less helpful error.
	 */
	private static void checkReachable(Path cluster, ServerUser user) throws IOException {
		for (Path dir = cluster; dir != null; dir = dir.getParent()) {
			if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
				throw new ReplicatedClusterException("PostgreSQL runs as user '" + user.name() + "' (this build "
						+ "runs as root), who cannot enter " + dir + " on the way to " + cluster + ". Point the system "
						+ "property " + ClusterDirectories.ROOT_PROPERTY + " (or java.io.tmpdir) to a directory "
						+ "everyone can reach, such as /tmp.");
			}
		}
	}

}
