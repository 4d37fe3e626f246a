package io.github.replicarouting;

/**
 * How a failover counts the acknowledged writes the new primary lacks:
 * {@code replica-routing.failover.lost-writes}, in {@code failover.mode: follow}.
 */
public enum LostWrites {

	/**
	 * Bounds, at no cost on the write path: how far the new primary was behind the old one's
	 * position read by its last probe (GTID transactions on MariaDB and MySQL, bytes of WAL on
	 * PostgreSQL), and how many write transactions were acknowledged after that probe round began.
	 */
	BOUNDS,

	/**
	 * The count of acknowledged write transactions the new primary lacks: each read-write
	 * transaction committed on the node that takes writes costs one more round trip on its
	 * connection, to read its own identity (MariaDB's {@code @@last_gtid} after commit, PostgreSQL's transaction id just
	 * before). Where the database cannot tell (MySQL), or a write's identity is unknown, the
	 * report says so.
	 */
	EXACT

}
