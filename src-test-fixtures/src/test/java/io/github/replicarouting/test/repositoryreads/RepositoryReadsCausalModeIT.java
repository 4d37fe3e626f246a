package io.github.replicarouting.test.repositoryreads;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link RepositoryReadsScenarios} in {@code causal} mode: a read after a save waits up to
 * {@code max-wait} for a replica that has replayed it, and with replay paused reads on the
 * primary.
 */
@TestPropertySource(properties = { "replica-routing.read-your-writes.mode=causal",
		"replica-routing.read-your-writes.max-wait=100ms" })
class RepositoryReadsCausalModeIT extends RepositoryReadsScenarios {

}
