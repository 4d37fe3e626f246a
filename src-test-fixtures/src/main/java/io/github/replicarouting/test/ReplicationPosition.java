package io.github.replicarouting.test;

/**
 * A point in a primary's replication stream, as a database reports it: what the primary has
 * written, or what a replica has applied. Each database has its own
 * ({@code io.github.replicarouting.test.postgresql.Lsn},
 * {@code io.github.replicarouting.test.mariadb.GtidPosition}); what a test does with any of them
 * is ask whether a replica has come as far as the primary had.
 *
 * @param <P> the database's position type
 */
public interface ReplicationPosition<P extends ReplicationPosition<P>> {

	/**
	 * Whether this position includes everything up to {@code other}.
	 * @param other the position to reach
	 * @return {@code true} if this position is at or beyond {@code other}
	 */
	boolean isAtLeast(P other);

}
