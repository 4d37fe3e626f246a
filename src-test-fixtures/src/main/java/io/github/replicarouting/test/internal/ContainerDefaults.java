package io.github.replicarouting.test.internal;

import java.util.Locale;
import java.util.function.Function;

import io.github.replicarouting.test.ContainerNetworkMode;

/**
 * The defaults of the containers backend of the fixtures' builders, each overridable by a system
 * property or, failing that, an environment variable, so that CI (see {@code .ci/with-docker})
 * can point every containerized test at a local image and host networking without touching a
 * test.
 */
public final class ContainerDefaults {

	/** The official image, for users who reach Docker Hub. */
	public static final String IMAGE = "postgres:17";

	public static final String IMAGE_PROPERTY = "replica-routing.containers.image";

	public static final String IMAGE_VARIABLE = "REPLICA_ROUTING_POSTGRES_IMAGE";

	/** The official MariaDB image of the version the embedded MariaDB fixture runs. */
	public static final String MARIADB_IMAGE = "mariadb:11.4";

	public static final String MARIADB_IMAGE_PROPERTY = "replica-routing.containers.mariadb-image";

	public static final String MARIADB_IMAGE_VARIABLE = "REPLICA_ROUTING_MARIADB_IMAGE";

	public static final String BIN_DIRECTORY_PROPERTY = "replica-routing.containers.bin-directory";

	public static final String BIN_DIRECTORY_VARIABLE = "REPLICA_ROUTING_POSTGRES_BIN_DIRECTORY";

	public static final String NETWORK_PROPERTY = "replica-routing.containers.network";

	public static final String NETWORK_VARIABLE = "REPLICA_ROUTING_CONTAINER_NETWORK";

	public static final String REQUIRE_DOCKER_PROPERTY = "replica-routing.containers.require-docker";

	public static final String REQUIRE_DOCKER_VARIABLE = "REPLICA_ROUTING_REQUIRE_DOCKER";

	private final Function<String, String> properties;

	private final Function<String, String> environment;

	ContainerDefaults(Function<String, String> properties, Function<String, String> environment) {
		this.properties = properties;
		this.environment = environment;
	}

	public static ContainerDefaults fromSystem() {
		return new ContainerDefaults(System::getProperty, System::getenv);
	}

	public String image() {
		return setting(IMAGE_PROPERTY, IMAGE_VARIABLE, IMAGE);
	}

	public String mariaDbImage() {
		return setting(MARIADB_IMAGE_PROPERTY, MARIADB_IMAGE_VARIABLE, MARIADB_IMAGE);
	}

	/** Empty: the binaries are found on the image's {@code PATH}. */
	public String binDirectory() {
		return setting(BIN_DIRECTORY_PROPERTY, BIN_DIRECTORY_VARIABLE, "");
	}

	public ContainerNetworkMode networkMode() {
		return ContainerNetworkMode.parse(setting(NETWORK_PROPERTY, NETWORK_VARIABLE, "bridge"));
	}

	/** Whether a missing Docker engine must fail the containerized tests rather than skip them. */
	public boolean requireDocker() {
		return "true".equals(setting(REQUIRE_DOCKER_PROPERTY, REQUIRE_DOCKER_VARIABLE, "false").toLowerCase(Locale.ROOT));
	}

	private String setting(String property, String variable, String fallback) {
		String value = this.properties.apply(property);
		if (value == null || value.isBlank()) {
			value = this.environment.apply(variable);
		}
		return (value == null || value.isBlank()) ? fallback : value.trim();
	}

}
