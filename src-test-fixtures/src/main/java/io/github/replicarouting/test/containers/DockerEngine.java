package io.github.replicarouting.test.containers;

import java.util.Optional;

import org.testcontainers.DockerClientFactory;

import io.github.replicarouting.test.ReplicatedPostgresException;

/**
 * Whether Testcontainers finds a Docker engine that answers, and why not.
 */
final class DockerEngine {

	/**
	 * The first finding, kept: Testcontainers looks for an engine once per JVM and afterwards
	 * only says that it failed before, not why.
	 */
	private static volatile Optional<String> finding;

	private DockerEngine() {
	}

	/** Why no engine can be used, or empty when one answers. */
	static Optional<String> unavailableReason() {
		Optional<String> result = finding;
		if (result == null) {
			synchronized (DockerEngine.class) {
				result = finding;
				if (result == null) {
					result = look();
					finding = result;
				}
			}
		}
		return result;
	}

	private static Optional<String> look() {
		try {
			DockerClientFactory.instance().client();
			return Optional.empty();
		}
		catch (RuntimeException | LinkageError ex) {
			return Optional.of(describe(ex));
		}
	}

	/** Fails with a message that says what is missing when no engine answers. */
	static void require() {
		unavailableReason().ifPresent((reason) -> {
			throw new ReplicatedPostgresException("No Docker engine answers, so no containerized PostgreSQL can start: "
					+ reason + ". Start a Docker engine (or point DOCKER_HOST at one); on a machine without a "
					+ "registry or a bridge network, see .ci/with-docker and docker/build-postgres-image.sh.");
		});
	}

	private static String describe(Throwable ex) {
		StringBuilder message = new StringBuilder(String.valueOf(ex.getMessage()));
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			message.append("; ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
		}
		return message.toString();
	}

}
