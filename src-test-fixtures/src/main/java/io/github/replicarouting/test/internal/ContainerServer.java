package io.github.replicarouting.test.internal;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * What differs between the database servers the containers backend runs: how the nodes of a
 * cluster are started, how a server is stopped cleanly, when it is ready, how to connect to it,
 * what its image must hold.
 */
public interface ContainerServer {

	/** The database, for messages: {@code PostgreSQL}, {@code MariaDB}. */
	String product();

	/**
	 * Creates and starts the containers of a primary and {@code replicas} replicas, registering
	 * each before it is launched (so that a failed start still removes them all), and waits until
	 * every replica replicates.
	 */
	void start(ClusterContainers containers, int replicas, Duration timeout, Consumer<NodeContainer> register);

	/** The JDBC URL of the application's database on a server. */
	String jdbcUrl(String host, int port);

	/** The application's user. */
	String username();

	/** The application's user's password. */
	String password();

	/** Makes a promoted node start writable from now on. */
	void promoted(NodeContainer node);

	/** Makes a node start as a read-only replica from now on, whether it runs or not. */
	void demoted(NodeContainer node);

	/**
	 * Makes a stopped node's next start replace its data with the cluster's initial data, as a
	 * read-only replica that replicates everything from the primary at
	 * {@code primaryHost:primaryPort}.
	 */
	void reseed(NodeContainer node, String primaryHost, int primaryPort);

	/** The signal of a clean, quick shutdown; {@code docker import} cannot set one on the image. */
	String stopSignal();

	/**
	 * Whether the server answers SQL and, when {@code streaming} is asked of a standby, replicates.
	 * Refused connections and servers still starting answer {@code false}.
	 */
	boolean serves(NodeContainer node, boolean streaming);

	/** What the image must hold, for the message of a container that could not start. */
	String imageRequirement();

	/** The message for an image that lacks a binary, given the fixture's own line naming it. */
	String missingBinary(String image, String missing);

}
