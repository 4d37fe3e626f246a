package io.github.replicarouting.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.replicarouting.test.mariadb.ReplicatedMariaDb;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The builders' checks, which fail before any server starts: bad values name the setting, and a
 * setting of the containers backend on an embedded cluster says how to choose containers.
 */
class ClusterBuilderTest {

	@Test
	void whenTimeoutIsNotPositiveShouldNameIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReplicatedPostgres.builder().timeout(Duration.ZERO))
			.withMessage("timeout must be positive, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> ReplicatedMariaDb.builder().timeout(null))
			.withMessage("timeout must be positive, was null");
	}

	@Test
	void whenReplicasAreNegativeShouldNameThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReplicatedPostgres.builder().replicas(-1))
			.withMessage("replicas must be 0 or more, was -1");
	}

	@Test
	void whenUserIsRootShouldRefuseIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReplicatedMariaDb.builder().user("root"))
			.withMessage("user must be an unprivileged user, was root");
	}

	@Test
	void whenContainerSettingsAreGivenToAnEmbeddedClusterShouldSayHowToUseContainers() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ReplicatedPostgres.builder().image("postgres:17-alpine").binDirectory("/usr/bin").start())
			.withMessageStartingWith("image(...), binDirectory(...) configure the containers backend")
			.withMessageContaining("Call containers()");
		assertThatIllegalStateException()
			.isThrownBy(() -> ReplicatedMariaDb.builder()
				.containers()
				.networkMode(ContainerNetworkMode.HOST)
				.backend(Backend.EMBEDDED)
				.start())
			.withMessageStartingWith("networkMode(...) configure the containers backend");
	}

}
