package io.github.replicarouting.test.containers;

/**
 * What differs between the database servers a {@link NodeContainer} can run: how it is stopped
 * cleanly, when it is ready, what its image must hold and which exception the fixture throws.
 */
interface ContainerServer {

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

	/** The fixture's own exception. */
	RuntimeException failure(String message, Throwable cause);

}
