package io.github.replicarouting.test.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.github.replicarouting.test.ClusterNode;

/**
 * The servers of one cluster as a backend runs them, embedded or in containers: started
 * together, stopped together. Each node controls its own server in between.
 */
public interface ClusterServers {

	/**
	 * Starts a primary and the replicas and waits until every replica replicates. What it started
	 * is stopped by {@link #close()}, also when starting fails half-way.
	 * @return the nodes, the primary first
	 */
	List<ClusterNode> start();

	/** Stops every server at once and frees what they hold. */
	void close();

	/** The directory of the data directories and logs, for the embedded backends. */
	default Optional<Path> directory() {
		return Optional.empty();
	}

}
