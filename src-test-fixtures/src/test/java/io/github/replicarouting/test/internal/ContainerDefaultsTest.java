package io.github.replicarouting.test.internal;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.replicarouting.test.ContainerNetworkMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ContainerDefaultsTest {

	@Test
	void withNothingSetUsesTheOfficialImageOnItsPathWithBridgeNetworking() {
		ContainerDefaults defaults = new ContainerDefaults((name) -> null, (name) -> null);

		assertThat(defaults.image()).isEqualTo("postgres:17");
		assertThat(defaults.binDirectory()).isEmpty();
		assertThat(defaults.networkMode()).isEqualTo(ContainerNetworkMode.BRIDGE);
		assertThat(defaults.requireDocker()).isFalse();
	}

	@Test
	void environmentVariablesOverrideTheDefaults() {
		Map<String, String> environment = Map.of("REPLICA_ROUTING_POSTGRES_IMAGE", "replica-routing/postgres:17.6.0",
				"REPLICA_ROUTING_POSTGRES_BIN_DIRECTORY", "/opt/pg/bin", "REPLICA_ROUTING_CONTAINER_NETWORK", "HOST",
				"REPLICA_ROUTING_REQUIRE_DOCKER", "true");
		ContainerDefaults defaults = new ContainerDefaults((name) -> null, environment::get);

		assertThat(defaults.image()).isEqualTo("replica-routing/postgres:17.6.0");
		assertThat(defaults.binDirectory()).isEqualTo("/opt/pg/bin");
		assertThat(defaults.networkMode()).isEqualTo(ContainerNetworkMode.HOST);
		assertThat(defaults.requireDocker()).isTrue();
	}

	@Test
	void systemPropertiesWinOverEnvironmentVariables() {
		ContainerDefaults defaults = new ContainerDefaults(
				Map.of("replica-routing.containers.network", "bridge", "replica-routing.containers.image", "postgres:16")::get,
				Map.of("REPLICA_ROUTING_CONTAINER_NETWORK", "host", "REPLICA_ROUTING_POSTGRES_IMAGE", "other")::get);

		assertThat(defaults.networkMode()).isEqualTo(ContainerNetworkMode.BRIDGE);
		assertThat(defaults.image()).isEqualTo("postgres:16");
	}

	@Test
	void anUnknownNetworkModeSaysWhichOnesExist() {
		ContainerDefaults defaults = new ContainerDefaults((name) -> null,
				Map.of("REPLICA_ROUTING_CONTAINER_NETWORK", "overlay")::get);

		assertThatIllegalArgumentException().isThrownBy(defaults::networkMode)
			.withMessage("Unknown container network mode 'overlay'; use 'host' or 'bridge'");
	}

}
