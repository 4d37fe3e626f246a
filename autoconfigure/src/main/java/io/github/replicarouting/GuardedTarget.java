package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * A target as the router uses it: its pool behind its health. Every connection taken from it
 * asks the health first and tells it how the attempt went (the circuit breaker's handshake), and
 * is counted in flight until it is {@link #release released}. Whoever waits for a connection
 * from its pool gives up as soon as its health finds it unavailable. What {@link Router} resolves its
 * target names to: nothing it holds reaches a pool without the target's health.
 */
final class GuardedTarget extends AbstractDataSource {

	private static final Log logger = LogFactory.getLog(GuardedTarget.class);

	private final RoutingTarget target;

	private final TargetHealth health;

	private final PoolWaiters waiters = new PoolWaiters();

	GuardedTarget(RoutingTarget target, TargetHealth health) {
		this.target = target;
		this.health = health;
		health.whenUnavailable(this.waiters::giveUp);
	}

	RoutingTarget target() {
		return this.target;
	}

	TargetHealth health() {
		return this.health;
	}

	String name() {
		return this.target.name();
	}

	boolean isCandidate() {
		return this.health.isCandidate();
	}

	/**
	 * A connection if the target's health lets one be taken, telling it how the attempt went.
	 * @return the connection, or {@code null} when the health does not let one be taken
	 * @throws SQLException when the pool could not give one
	 */
	@Nullable Connection tryConnect() throws SQLException {
		if (!this.health.tryAcquirePermission()) {
			return null;
		}
		long start = System.nanoTime();
		Connection connection;
		try {
			connection = this.waiters.take(this.target.pool());
		}
		catch (PoolWaiters.GivenUp ex) {
			SQLException down = new SQLTransientConnectionException(this.target + " is " + this.health.describe()
					+ ": found so while waiting for a connection from its pool; gave up at once instead of waiting "
					+ "for the pool's connection timeout", "08001", ex);
			this.health.onConnectFailed(System.nanoTime() - start, down);
			throw down;
		}
		catch (SQLException ex) {
			this.health.onConnectFailed(System.nanoTime() - start, ex);
			throw ex;
		}
		this.target.connectionTaken();
		this.health.onConnected(System.nanoTime() - start);
		return connection;
	}

	/**
	 * A connection, unless the target's health knows it cannot serve: then nothing waits for the
	 * pool's connection timeout, and the caller gets at once an exception naming the target.
	 */
	@Override
	public Connection getConnection() throws SQLException {
		Connection connection = tryConnect();
		if (connection == null) {
			// SQLState class 08 on a transient connection exception: Spring makes it a
			// TransientDataAccessResourceException, which retry libraries retry.
			throw new SQLTransientConnectionException(this.target + " is " + this.health.describe()
					+ ": failing at once instead of waiting for a connection; it is used again as soon as its "
					+ "probe reaches it", "08001");
		}
		return connection;
	}

	/**
	 * A connection for work that may write: refused at once, naming the target, when its health
	 * last found it read-only or in recovery, so that no write is ever sent there.
	 * @param readOnly whether the work only reads
	 * @return the connection
	 * @throws SQLException when the target cannot serve the work
	 */
	Connection getConnection(boolean readOnly) throws SQLException {
		if (!readOnly && !this.health.acceptsWrites()) {
			throw new SQLTransientConnectionException(this.target + " is " + this.health.describe()
					+ ": a write is never sent to a node last seen read-only or in recovery; failing at once. "
					+ "Writes go to it again as soon as its probe finds it writable", "08001");
		}
		return getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException("A routing target connects with its pool's own credentials");
	}

	/** Gives a connection from {@link #tryConnect()} back to the pool. */
	void release(Connection connection) throws SQLException {
		try {
			connection.close();
		}
		finally {
			this.target.connectionReturned();
		}
	}

	/** Gives back a connection on which nothing was done. */
	void releaseUnused(Connection connection) {
		try {
			release(connection);
		}
		catch (SQLException ex) {
			logger.debug(name() + " - giving back an unused connection failed: " + ex.getMessage());
		}
	}

	/**
	 * Set what a route asks for on a connection of this target, before its first statement. A
	 * read-only route is made read-only at the server too, unless the pool opens its connections
	 * so.
	 * @param connection the connection
	 * @param readOnly whether the route is read-only
	 * @param isolation the isolation asked for, or {@code null} for the pool's
	 * @param autoCommit the auto-commit asked for, or {@code null} for the pool's
	 * @throws SQLException when the connection refuses a setting
	 */
	void prepare(Connection connection, boolean readOnly, @Nullable Integer isolation, @Nullable Boolean autoCommit)
			throws SQLException {
		boolean makeReadOnly = readOnly && !this.target.readOnlySessions();
		if (makeReadOnly) {
			connection.setReadOnly(true);
		}
		if (isolation != null) {
			connection.setTransactionIsolation(isolation);
		}
		if (autoCommit != null && autoCommit != connection.getAutoCommit()) {
			connection.setAutoCommit(autoCommit);
		}
		if (makeReadOnly) {
			this.target.serverReadOnly(connection).apply(connection, !this.target.isPrimary());
		}
	}

	@Override
	public String toString() {
		return this.target.toString();
	}

}
