package io.github.replicarouting.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.replicarouting.test.mariadb.ReplicatedMariaDb;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the builder sets reaches the cluster it starts.
 */
class ClusterBuilderIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/**
	 * The default is 60 s: a wait that gives up after about 10 s proves the builder kept the
	 * timeout it was given (the copied builders once validated it and dropped it).
	 */
	@Test
	void timeoutBoundsTheWaitForAPausedReplica() {
		try (ReplicatedPostgres cluster = ReplicatedPostgres.builder().replicas(1).timeout(TIMEOUT).start()) {
			assertWaitGivesUpAfterTheTimeout(cluster, "replica-1: replayed", "replay paused");
		}
	}

	@Test
	void timeoutBoundsTheWaitForAPausedMariaDbReplica() {
		try (ReplicatedMariaDb cluster = ReplicatedMariaDb.builder().replicas(1).timeout(TIMEOUT).start()) {
			assertWaitGivesUpAfterTheTimeout(cluster, "replica-1: applied", "SQL No");
		}
	}

	private static void assertWaitGivesUpAfterTheTimeout(ReplicatedCluster<?> cluster, String what, String why) {
		cluster.pauseReplication("replica-1");
		Db.execute(cluster.primary(), "create table items (id int)");

		long started = System.nanoTime();
		assertThatExceptionOfType(ReplicatedClusterException.class)
			.isThrownBy(() -> cluster.awaitReplicated("replica-1"))
			.withMessageContaining(what)
			.withMessageContaining("after PT10S")
			.withMessageContaining(why);
		Duration waited = Duration.ofNanos(System.nanoTime() - started);
		System.out.println("[timeout] " + cluster.getClass().getSimpleName() + ": awaitReplicated on a paused replica "
				+ "gave up after " + waited.toMillis() + " ms with a timeout of " + TIMEOUT.toMillis() + " ms");
		assertThat(waited).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(Duration.ofSeconds(40));
	}

}
