package io.github.replicarouting.test.postgresql;

import java.util.List;

import static io.github.replicarouting.test.internal.ContainerCommands.checkTools;
import static io.github.replicarouting.test.internal.ContainerCommands.tool;

/**
 * The shell command a node's container runs: check the binaries, on the primary's first start
 * create the data directory (and keep a never-started copy for the replicas), then {@code exec}
 * the server with the settings as {@code -c} options. Started again after a stop or a kill, it
 * finds its data directory and only starts the server, after swapping in a data directory the
 * fixture staged for a rejoin, if there is one. The official {@code postgres} images pass
 * a command that does not start with {@code postgres} straight through their entrypoint, so the
 * same command serves them and the locally built image.
 */
final class NodeCommand {

	static final String BASE = "/tmp/replica-routing";

	static final String DATA = BASE + "/data";

	static final String TEMPLATE = BASE + "/template";

	/** A fresh data directory staged for a rejoin, swapped in at the next start. */
	static final String REJOIN = BASE + "/data.rejoin";

	/**
	 * Like the embedded backend's settings: no durability, but a commit waits for its WAL to be
	 * written, so positions read after a write cover it; WAL kept generously so that a stopped or
	 * killed replica can always catch up; a replica retries its primary every 100 ms.
	 */
	private static final List<String> SETTINGS = List.of("max_connections=100", "shared_buffers=16MB",
			"dynamic_shared_memory_type=mmap", "fsync=off", "wal_writer_delay=10ms", "full_page_writes=off",
			"wal_level=replica", "max_wal_senders=10", "max_replication_slots=10", "wal_keep_size=1GB",
			"hot_standby=on", "hot_standby_feedback=on", "wal_receiver_status_interval=1s",
			"wal_retrieve_retry_interval=100ms", "jit=off", "huge_pages=off", "unix_socket_directories=");

	private NodeCommand() {
	}

	static String primary(String binDirectory, String listenAddress, int port, String clusterName) {
		return checkTools(binDirectory, "initdb", "postgres") + "if [ ! -s " + DATA + "/PG_VERSION ]; then\n"
				+ "  mkdir -p " + BASE + "\n"
				// 1 MB WAL segments keep the replicas' copy small and quick to make.
				+ "  " + tool(binDirectory, "initdb") + " -D " + TEMPLATE + " -A trust -U postgres -E UTF8 --locale=C"
				+ " --no-sync --no-instructions --wal-segsize=1 || exit 1\n"
				+ "  cp -a " + TEMPLATE + " " + DATA + " || exit 1\n"
				+ "fi\n"
				+ server(binDirectory, listenAddress, port, clusterName);
	}

	/**
	 * A replica's data directory comes with its {@code primary_conninfo} in
	 * {@code postgresql.auto.conf} ({@link DataDirectoryArchive}), not on the command line, which
	 * would override what {@code ALTER SYSTEM} sets when the replica is pointed elsewhere.
	 */
	static String replica(String binDirectory, String listenAddress, int port, String clusterName) {
		return checkTools(binDirectory, "postgres") + server(binDirectory, listenAddress, port, clusterName);
	}

	/** Swaps in a data directory staged for a rejoin, then runs the server. */
	private static String server(String binDirectory, String listenAddress, int port, String clusterName) {
		StringBuilder command = new StringBuilder("if [ -d " + REJOIN + " ]; then\n  rm -rf " + DATA + " && mv "
				+ REJOIN + " " + DATA + " || exit 1\nfi\n").append("exec ")
			.append(tool(binDirectory, "postgres"))
			.append(" -D ")
			.append(DATA)
			.append(" -p ")
			.append(port)
			.append(" -h '")
			.append(listenAddress)
			.append("' -c cluster_name=")
			.append(clusterName);
		SETTINGS.forEach((setting) -> command.append(" -c ").append(setting));
		return command.append('\n').toString();
	}

}
