package io.github.replicarouting.test.repositoryreads;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link RepositoryReadsScenarios} in {@code window} mode, the default. The window is long, so
 * that a read right after a save is within it however slow this machine is.
 */
@TestPropertySource(properties = { "replica-routing.read-your-writes.mode=window",
		"replica-routing.read-your-writes.window=10m" })
class RepositoryReadsWindowModeIT extends RepositoryReadsScenarios {

}
