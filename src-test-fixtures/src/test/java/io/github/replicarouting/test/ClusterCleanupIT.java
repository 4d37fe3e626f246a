package io.github.replicarouting.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.github.replicarouting.test.postgresql.ReplicatedPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing of a cluster survives it: no process and no file, also when the JVM that started it
 * died without closing it.
 */
class ClusterCleanupIT {

	@Test
	void closeLeavesNoProcessAndNoDirectory() throws IOException {
		ReplicatedPostgres cluster = ReplicatedPostgres.builder().replicas(1).start();
		Path directory = cluster.directory();
		String clusterId = directory.getFileName().toString();
		assertThat(ProcessTable.commandLinesContaining(directory.toString())).isNotEmpty();
		// The process titles of the servers' children carry the cluster name instead.
		assertThat(ProcessTable.commandLinesContaining(clusterId + "-replica-1")).isNotEmpty();

		cluster.close();

		assertThat(ProcessTable.commandLinesContaining(directory.toString())).isEmpty();
		assertThat(ProcessTable.commandLinesContaining(clusterId)).isEmpty();
		assertThat(directory).doesNotExist();
		assertThat(cluster.primary().isRunning()).isFalse();
	}

	@Test
	void leftoversOfADeadJvmAreRemovedByTheNextCluster() throws Exception {
		ReplicatedPostgres orphan = ReplicatedPostgres.builder().replicas(1).start();
		Path directory = orphan.directory();
		// Pretend its JVM died: the owner marker names a process that has exited.
		Process exited = new ProcessBuilder("true").start();
		exited.waitFor();
		Files.writeString(directory.resolve("owner"), exited.pid() + " 0\n");

		try (ReplicatedPostgres next = ReplicatedPostgres.builder().replicas(0).start()) {
			assertThat(directory).doesNotExist();
			assertThat(ProcessTable.commandLinesContaining(directory.toString())).isEmpty();
			assertThat(ProcessTable.commandLinesContaining(directory.getFileName().toString())).isEmpty();
			assertThat(next.primary().isRunning()).isTrue();
		}
		finally {
			orphan.close();
		}
	}

}
