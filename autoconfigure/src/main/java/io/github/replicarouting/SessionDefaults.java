package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ConnectionDefaults} of a routing data source: what its connections report before
 * they are routed. Read once from the primary, through its health like any connection; while
 * the primary is known to be down and they were never read, a serving replica's (the same
 * database), not kept, since its pool may differ from the primary's. So a read-only transaction
 * never waits on the primary's pool for them.
 */
final class SessionDefaults {

	private static final Log logger = LogFactory.getLog(SessionDefaults.class);

	private final GuardedTarget primary;

	private final Supplier<List<GuardedTarget>> replicas;

	private volatile @Nullable ConnectionDefaults known;

	/**
	 * @param primary the primary
	 * @param replicas the replicas that may serve now
	 */
	SessionDefaults(GuardedTarget primary, Supplier<List<GuardedTarget>> replicas) {
		this.primary = primary;
		this.replicas = replicas;
	}

	/**
	 * The defaults if they have been read already: never touches a target.
	 */
	@Nullable ConnectionDefaults known() {
		return this.known;
	}

	/**
	 * The auto-commit a routed connection gets: what the application set, or else what an
	 * unrouted connection reports, the default, once known. A replica's pool may hand out
	 * connections with another, and a transaction manager that relies on the default never sets
	 * it. The default is not read here, so that a read on a replica never waits on the primary.
	 * @param set what the application set, or {@code null}
	 * @return the auto-commit to set, or {@code null} to leave the connection's
	 */
	@Nullable Boolean autoCommit(@Nullable Boolean set) {
		if (set != null) {
			return set;
		}
		ConnectionDefaults defaults = this.known;
		return (defaults != null) ? defaults.autoCommit() : null;
	}

	/**
	 * Read the defaults from the primary now, unless its health knows it is down.
	 */
	void readIfPrimaryServes() {
		if (this.known == null && this.primary.isCandidate()) {
			try {
				get();
			}
			catch (SQLException ex) {
				logger.debug(this.primary.name() + " - could not read the connection defaults yet: " + ex.getMessage());
			}
		}
	}

	/**
	 * The defaults, read now if they were not yet.
	 * @throws SQLException when neither the primary nor a replica could give them
	 */
	ConnectionDefaults get() throws SQLException {
		ConnectionDefaults defaults = this.known;
		if (defaults != null) {
			return defaults;
		}
		if (!this.primary.isCandidate()) {
			ConnectionDefaults replicas = ofAReplica();
			if (replicas != null) {
				return replicas;
			}
		}
		defaults = read(this.primary, this.primary.getConnection());
		this.known = defaults;
		return defaults;
	}

	private @Nullable ConnectionDefaults ofAReplica() {
		for (GuardedTarget replica : this.replicas.get()) {
			try {
				Connection connection = replica.tryConnect();
				if (connection != null) {
					return read(replica, connection);
				}
			}
			catch (SQLException ex) {
				logger.debug(replica.name() + " - could not read the connection defaults: " + ex.getMessage());
			}
		}
		return null;
	}

	private static ConnectionDefaults read(GuardedTarget target, Connection connection) throws SQLException {
		try {
			return ConnectionDefaults.read(connection);
		}
		finally {
			target.release(connection);
		}
	}

}
