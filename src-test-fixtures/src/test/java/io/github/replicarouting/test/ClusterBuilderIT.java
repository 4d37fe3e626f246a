package io.github.replicarouting.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.replicarouting.test.postgresql.ReplicatedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the builder sets reaches the cluster it starts.
 */
class ClusterBuilderIT {

	/**
	 * The default is 60 s: a wait that gives up after about 10 s proves the builder kept the
	 * timeout it was given (the copied builders once validated it and dropped it).
	 */
	@Test
	void timeoutBoundsTheWaitForAPausedReplica() {
		Duration timeout = Duration.ofSeconds(10);
		try (ReplicatedPostgres cluster = ReplicatedPostgres.builder().replicas(1).timeout(timeout).start()) {
			cluster.pauseReplication("replica-1");
			Db.execute(cluster.primary(), "create table items (id int)");

			long started = System.nanoTime();
			assertThatExceptionOfType(ReplicatedClusterException.class)
				.isThrownBy(() -> cluster.awaitReplicated("replica-1"))
				.withMessageContaining("replica-1: replayed")
				.withMessageContaining("after PT10S")
				.withMessageContaining("replay paused");
			Duration waited = Duration.ofNanos(System.nanoTime() - started);
			System.out.println("[timeout] awaitReplicated on a paused replica gave up after " + waited.toMillis()
					+ " ms with a timeout of " + timeout.toMillis() + " ms");
			assertThat(waited).isGreaterThanOrEqualTo(timeout).isLessThan(Duration.ofSeconds(40));
		}
	}

}
