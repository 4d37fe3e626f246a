package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.replicarouting.ReplicationPositions;

/**
 * Log positions of whatever database the connections lead to, recognised on first use by its
 * product name: by one of the application's {@link ReplicationDialect}s if one supports it, else
 * by a built-in one. In causal mode, a database without positions is reported once: reads then
 * behave as in window mode.
 */
public final class DetectingReplicationPositions implements ReplicationPositions {

	private static final Log logger = LogFactory.getLog(DetectingReplicationPositions.class);

	private final boolean causal;

	private final ReplicationDialects dialects;

	private volatile @Nullable ReplicationDialect dialect;

	/**
	 * Create the positions of the databases the built-in dialects know.
	 * @param causal whether read-your-writes runs in causal mode, to warn when it cannot
	 */
	public DetectingReplicationPositions(boolean causal) {
		this(causal, List.of());
	}

	/**
	 * Create the positions.
	 * @param causal whether read-your-writes runs in causal mode, to warn when it cannot
	 * @param dialects the application's dialects, tried in this order before the built-in ones
	 */
	public DetectingReplicationPositions(boolean causal, List<ReplicationDialect> dialects) {
		this.causal = causal;
		this.dialects = new ReplicationDialects(dialects);
	}

	@Override
	public long currentPosition(Connection primary) throws SQLException {
		return dialect(primary).currentPosition(primary);
	}

	@Override
	public long replayedPosition(Connection replica) throws SQLException {
		return dialect(replica).replayedPosition(replica);
	}

	/**
	 * Whether a dialect with positions knows the database, whatever its position now (a MariaDB
	 * primary that has written nothing yet reports none).
	 */
	@Override
	public boolean hasPositions(Connection connection) throws SQLException {
		return !(dialect(connection) instanceof GenericReplicationDialect);
	}

	private ReplicationDialect dialect(Connection connection) throws SQLException {
		ReplicationDialect known = this.dialect;
		if (known == null) {
			known = this.dialects.forConnection(connection);
			this.dialect = known;
			if (this.causal && known instanceof GenericReplicationDialect) {
				logger.warn("replica-routing.read-your-writes.mode=causal needs log positions, which "
						+ connection.getMetaData().getDatabaseProductName()
						+ " does not have: @ReadYourWrites reads use window mode (replica-routing.read-your-writes.window)");
			}
		}
		return known;
	}

}
