package io.github.replicarouting.test.postgresql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The settings every node gets, written to its {@code postgresql.auto.conf}: tuned for start-up
 * speed and for tests (no durability), with replication on and every replica streaming.
 */
final class NodeSettings {

	/**
	 * Durability is off (a test cluster is thrown away, crash or not) except that a commit still
	 * waits for its WAL to be written: with {@code synchronous_commit = off},
	 * {@code pg_current_wal_lsn()} could lag a commit that already returned, and positions read
	 * after a write (by tests, or by causal read-your-writes) would not cover it. WAL is kept
	 * generously so that a replica that was stopped or killed can always catch up, and a replica
	 * retries its primary every 100 ms so replicas launched with the primary stream as soon as it
	 * is up. Dynamic shared memory lives in the data directory, so a killed server leaves nothing
	 * in /dev/shm.
	 */
	private static final String COMMON = """
			listen_addresses = '127.0.0.1'
			unix_socket_directories = ''
			max_connections = 100
			shared_buffers = '16MB'
			dynamic_shared_memory_type = mmap
			fsync = off
			wal_writer_delay = '10ms'
			full_page_writes = off
			wal_level = replica
			max_wal_senders = 10
			max_replication_slots = 10
			wal_keep_size = '1GB'
			hot_standby = on
			hot_standby_feedback = on
			wal_receiver_status_interval = '1s'
			wal_retrieve_retry_interval = '100ms'
			jit = off
			huge_pages = off
			""";

	private NodeSettings() {
	}

	/**
	 * Writes a node's settings. {@code clusterName} shows in every server process title, which
	 * makes a cluster's processes recognizable in {@code ps}.
	 */
	static void writePrimary(Path dataDirectory, String clusterName, int port) throws IOException {
		append(dataDirectory, COMMON + "port = " + port + "\ncluster_name = '" + clusterName + "'\n");
	}

	/**
	 * Writes a replica's settings and makes it start as a standby of the primary at
	 * {@code primaryHost:primaryPort}. {@code primary_conninfo} is written as {@code ALTER SYSTEM}
	 * would, so that {@code ALTER SYSTEM} can point the replica elsewhere later.
	 */
	static void writeReplica(Path dataDirectory, String clusterName, int port, String name, String primaryHost,
			int primaryPort, ServerUser user) throws IOException {
		append(dataDirectory, COMMON + "port = " + port + "\ncluster_name = '" + clusterName + "'\n"
				+ "primary_conninfo = '" + PostgresSql.conninfo(primaryHost, primaryPort, name) + "'\n");
		writeStandbySignal(dataDirectory, user);
	}

	/** Makes the node start as a standby, if it does not yet. */
	static void writeStandbySignal(Path dataDirectory, ServerUser user) throws IOException {
		Path signal = dataDirectory.resolve("standby.signal");
		if (!Files.exists(signal)) {
			user.giveTo(Files.createFile(signal));
		}
	}

	private static void append(Path dataDirectory, String settings) throws IOException {
		Files.writeString(dataDirectory.resolve("postgresql.auto.conf"), settings, StandardOpenOption.APPEND);
	}

}
