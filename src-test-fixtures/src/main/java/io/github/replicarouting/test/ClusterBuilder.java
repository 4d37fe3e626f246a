package io.github.replicarouting.test;

import java.time.Duration;

/**
 * What every cluster builder of the fixtures, embedded or in containers, PostgreSQL or MariaDB,
 * configures the same way: how many replicas, and how long to wait for a server or a replica. One
 * copy of it, so that no backend can drop a setting on its own.
 *
 * @param <B> the builder's own type, returned by each setting for chaining
 */
public abstract class ClusterBuilder<B extends ClusterBuilder<B>> {

	private int replicas = 2;

	private Duration timeout = Duration.ofSeconds(60);

	protected ClusterBuilder() {
	}

	/**
	 * How many replicas to start next to the primary.
	 * @param replicas zero or more; 2 by default
	 * @return this builder
	 */
	public B replicas(int replicas) {
		if (replicas < 0) {
			throw new IllegalArgumentException("replicas must be 0 or more, was " + replicas);
		}
		this.replicas = replicas;
		return self();
	}

	/**
	 * How long to wait for a server to start or stop, or for a replica to catch up; the cluster
	 * keeps it for its controls ({@code awaitReplicated}, {@code stop}, {@code start}, ...).
	 * @param timeout a positive duration; 60 seconds by default
	 * @return this builder
	 */
	public B timeout(Duration timeout) {
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive, was " + timeout);
		}
		this.timeout = timeout;
		return self();
	}

	/** How many replicas to start. */
	protected final int replicaCount() {
		return this.replicas;
	}

	/** How long to wait, for the cluster to keep. */
	protected final Duration timeout() {
		return this.timeout;
	}

	@SuppressWarnings("unchecked")
	private B self() {
		return (B) this;
	}

}
