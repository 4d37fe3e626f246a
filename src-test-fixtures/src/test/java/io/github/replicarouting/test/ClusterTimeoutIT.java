package io.github.replicarouting.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A cluster waits for as long as its builder was told, not for the default minute: a replica
 * whose replay is paused fails {@code awaitReplicated} once the configured timeout has passed.
 */
class ClusterTimeoutIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void awaitReplicatedOnAPausedReplicaFailsAfterTheConfiguredTimeout() {
		try (ReplicatedPostgres cluster = ReplicatedPostgres.builder().replicas(1).timeout(TIMEOUT).start()) {
			cluster.pauseReplay("replica-1");
			Db.execute(cluster.primary(), "create table written_while_paused (id int)");

			long started = System.nanoTime();
			assertThatExceptionOfType(ReplicatedPostgresException.class)
				.isThrownBy(() -> cluster.awaitReplicated("replica-1"))
				.withMessageContaining("replica-1")
				.withMessageContaining("after " + TIMEOUT);
			Duration waited = Duration.ofNanos(System.nanoTime() - started);

			// At least the timeout, and far from the 60 s default (margin for a loaded machine).
			assertThat(waited).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(Duration.ofSeconds(40));
		}
	}

}
