package io.github.replicarouting.test;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.github.replicarouting.test.containers.ContainerizedReplicatedMariaDb;
import io.github.replicarouting.test.containers.ContainerizedReplicatedPostgres;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every backend's builder keeps what it is told (no Docker or server needed: nothing starts).
 * {@link ClusterTimeoutIT} proves that a started cluster waits for as long as it was told.
 */
class ClusterBuilderTest {

	private final List<Supplier<ClusterBuilder<?>>> builders = List.of(ReplicatedPostgres::builder,
			ReplicatedMariaDb::builder, ContainerizedReplicatedPostgres::builder, ContainerizedReplicatedMariaDb::builder);

	@Test
	void everyBuilderKeepsTheTimeoutAndTheReplicaCount() {
		for (Supplier<ClusterBuilder<?>> builder : this.builders) {
			ClusterBuilder<?> configured = builder.get().timeout(Duration.ofMillis(1234)).replicas(3);

			assertThat(configured.timeout()).as(configured.getClass().getName()).isEqualTo(Duration.ofMillis(1234));
			assertThat(configured.replicaCount()).as(configured.getClass().getName()).isEqualTo(3);
		}
	}

	@Test
	void everyBuilderDefaultsToTwoReplicasAndAMinute() {
		for (Supplier<ClusterBuilder<?>> builder : this.builders) {
			ClusterBuilder<?> defaults = builder.get();

			assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(60));
			assertThat(defaults.replicaCount()).isEqualTo(2);
		}
	}

	@Test
	void nonPositiveTimeoutOrNegativeReplicaCountIsRefusedNamingTheArgument() {
		ClusterBuilder<?> builder = ReplicatedPostgres.builder();

		assertThatIllegalArgumentException().isThrownBy(() -> builder.timeout(Duration.ZERO))
			.withMessage("timeout must be positive, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.timeout(Duration.ofSeconds(-1)))
			.withMessageContaining("timeout must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.timeout(null))
			.withMessageContaining("timeout must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.replicas(-1))
			.withMessage("replicas must be 0 or more, was -1");
	}

}
