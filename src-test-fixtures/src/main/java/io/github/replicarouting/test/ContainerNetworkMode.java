package io.github.replicarouting.test;

/**
 * How the containers of a cluster on the {@linkplain Backend#CONTAINERS containers backend} reach each
 * other and the tests.
 */
public enum ContainerNetworkMode {

	/**
	 * Testcontainers' usual networking: the nodes share a network of their own (the replicas
	 * reach the primary by the alias {@code primary}), and each server's port is published on the
	 * same port of the Docker host. The default.
	 */
	BRIDGE,

	/**
	 * The host's network: each server listens on 127.0.0.1 on its own free port, exactly like the
	 * embedded backend. For restricted environments where a Docker engine runs without a bridge
	 * ({@code dockerd --bridge=none}) or where private-range traffic is not allowed; needs an
	 * engine on this machine.
	 */
	HOST;

	/**
	 * Parses {@code host} or {@code bridge}, in any case.
	 * @param text the mode's name
	 * @return the mode
	 * @throws IllegalArgumentException for any other text
	 */
	public static ContainerNetworkMode parse(String text) {
		for (ContainerNetworkMode mode : values()) {
			if (mode.name().equalsIgnoreCase(text.trim())) {
				return mode;
			}
		}
		throw new IllegalArgumentException("Unknown container network mode '" + text + "'; use 'host' or 'bridge'");
	}

}
