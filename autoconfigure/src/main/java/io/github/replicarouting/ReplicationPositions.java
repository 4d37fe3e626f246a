package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads log positions, for causal read-your-writes: where the primary is after a write, and how
 * far a replica has replayed. Positions of one database are comparable numbers; a database
 * without them answers -1.
 */
public interface ReplicationPositions {

	/**
	 * No positions: causal read-your-writes behaves as window mode.
	 */
	ReplicationPositions NONE = new ReplicationPositions() {

		@Override
		public long currentPosition(Connection primary) {
			return -1;
		}

		@Override
		public long replayedPosition(Connection replica) {
			return -1;
		}

	};

	/**
	 * The primary's current position, read on {@code primary} after a commit.
	 * @param primary a connection to the primary
	 * @return the position, or -1 when the database has none
	 * @throws SQLException when the primary cannot answer
	 */
	long currentPosition(Connection primary) throws SQLException;

	/**
	 * How far the replica behind {@code replica} has replayed the primary's log.
	 * @param replica a connection to the replica
	 * @return the position, or -1 when the database has none
	 * @throws SQLException when the replica cannot answer
	 */
	long replayedPosition(Connection replica) throws SQLException;

	/**
	 * Whether the database behind {@code connection} has log positions at all, asked once at
	 * startup for {@code @AwaitReplication}, which cannot work without them. By default, whether it
	 * reports a current position.
	 * @param connection a connection to the primary
	 * @return {@code true} if it has positions
	 * @throws SQLException when the database cannot answer
	 */
	default boolean hasPositions(Connection connection) throws SQLException {
		return currentPosition(connection) >= 0;
	}

}
