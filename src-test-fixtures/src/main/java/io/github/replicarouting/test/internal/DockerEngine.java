package io.github.replicarouting.test.internal;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.testcontainers.DockerClientFactory;

import io.github.replicarouting.test.ReplicatedClusterException;

/**
 * Whether Testcontainers finds a Docker engine that answers, and why not.
 */
final class DockerEngine {

	/**
	 * The first finding, kept: Testcontainers looks for an engine once per JVM and afterwards
	 * only says that it failed before, not why.
	 */
	private static volatile @Nullable Optional<String> finding;

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

	/**
	 * Whether the containerized tests of a class run: yes when an engine answers, or when Docker
	 * is required (then they fail in {@code beforeAll} with the reason), else skipped with it.
	 * @param product the database the tests need, for the message
	 */
	static ConditionEvaluationResult condition(String product) {
		Optional<String> unavailable = unavailableReason();
		if (unavailable.isEmpty()) {
			return ConditionEvaluationResult.enabled("a Docker engine answers");
		}
		if (ContainerDefaults.fromSystem().requireDocker()) {
			return ConditionEvaluationResult.enabled("Docker is required (" + ContainerDefaults.REQUIRE_DOCKER_VARIABLE
					+ "=true), so its absence fails the tests");
		}
		return ConditionEvaluationResult.disabled("No Docker engine answers, so the containerized " + product
				+ " tests are skipped (" + unavailable.get() + "). Set " + ContainerDefaults.REQUIRE_DOCKER_VARIABLE
				+ "=true to make this a failure.");
	}

	/**
	 * Fails with a message that says what is missing when no engine answers.
	 * @param product the database that cannot start, for the message
	 */
	static void require(String product) {
		unavailableReason().ifPresent((reason) -> {
			throw new ReplicatedClusterException("No Docker engine answers, so no containerized " + product + " can start: " + reason
					+ ". Start a Docker engine (or point DOCKER_HOST at one); on a machine without a registry or a "
					+ "bridge network, see .ci/with-docker and the image scripts in docker/.");
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
