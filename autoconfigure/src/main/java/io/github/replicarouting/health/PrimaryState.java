package io.github.replicarouting.health;

/**
 * The state of the primary as its probe last found it, for health, the endpoint and routing.
 */
public enum PrimaryState {

	/** Answers its probe, or has not been probed yet: writes go ahead. */
	UP,

	/**
	 * Refused or dropped its probe's connection, or did not answer it for two rounds in a row:
	 * writes, and reads that would fall back to it, fail at once instead of waiting for a
	 * connection.
	 */
	DOWN,

	/**
	 * Answers its probe but does not take writes: in recovery (a replica, after a switchover or
	 * a failover) or read-only ({@code transaction_read_only}, {@code read_only}). A write is
	 * never sent to it: it fails at once, naming the primary and why; reads that fall back to it
	 * still run.
	 */
	READ_ONLY

}
