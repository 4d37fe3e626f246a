package io.github.replicarouting.test;

/**
 * Where a fixture's cluster runs its servers. Both backends start the same cluster, with the same
 * controls, addresses that survive {@code stop}, {@code kill} and {@code start}, and the same
 * {@code replica-routing.*} properties.
 */
public enum Backend {

	/**
	 * Server processes on this machine, from binaries in a Maven artifact: no Docker, nothing to
	 * install. The default.
	 */
	EMBEDDED,

	/**
	 * One Docker container per node, started through Testcontainers, which must be on the test
	 * classpath. Needs a Docker engine: without one, the tests of an annotated class are skipped
	 * (or fail, when the environment variable {@code REPLICA_ROUTING_REQUIRE_DOCKER} or the system
	 * property {@code replica-routing.containers.require-docker} is {@code true}).
	 */
	CONTAINERS

}
