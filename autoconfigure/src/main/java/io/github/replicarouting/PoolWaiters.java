package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The threads waiting for a connection from one target's pool, so that they can be told to give
 * up when the target is found down. A pool whose server crashed keeps a borrower waiting for its
 * whole connection timeout (HikariCP's default: 30 s), retrying a server that is gone; the
 * target's probe knows sooner. Giving up interrupts the waiting thread, which HikariCP's borrow
 * answers at once; the interrupt is cleared again before the thread leaves, so that the
 * application's thread is left as it was.
 */
final class PoolWaiters {

	private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();

	/**
	 * A connection from {@code pool}, unless {@link #giveUp()} is called while waiting for it.
	 * @param pool the pool
	 * @return the connection
	 * @throws SQLException when the pool gives none, or {@link GivenUp} when told to give up
	 */
	Connection take(DataSource pool) throws SQLException {
		Waiter waiter = new Waiter(Thread.currentThread());
		this.waiting.add(waiter);
		Connection connection = null;
		Throwable failure = null;
		try {
			connection = pool.getConnection();
		}
		catch (SQLException | RuntimeException ex) {
			failure = ex;
		}
		finally {
			this.waiting.remove(waiter);
		}
		if (waiter.leave()) {
			return rethrowOr(failure, connection);
		}
		if (connection != null) {
			closeQuietly(connection);
		}
		throw new GivenUp(failure);
	}

	/**
	 * Make every thread waiting now give up.
	 */
	void giveUp() {
		this.waiting.forEach(Waiter::giveUp);
	}

	private static Connection rethrowOr(@Nullable Throwable failure, @Nullable Connection connection)
			throws SQLException {
		if (failure instanceof SQLException sql) {
			throw sql;
		}
		if (failure instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (connection == null) {
			throw new SQLException("The pool gave no connection and no reason");
		}
		return connection;
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// Taken as the target was found down: nothing more to release.
		}
	}

	/**
	 * One waiting thread. Giving up and leaving exclude each other, so that an interrupt is only
	 * ever sent to a thread still waiting, and always taken back before it goes on.
	 */
	private static final class Waiter {

		private final Thread thread;

		private boolean waiting = true;

		private boolean givenUp;

		private boolean interruptedBefore;

		Waiter(Thread thread) {
			this.thread = thread;
		}

		synchronized void giveUp() {
			if (this.waiting) {
				this.waiting = false;
				this.givenUp = true;
				this.interruptedBefore = this.thread.isInterrupted();
				this.thread.interrupt();
			}
		}

		/**
		 * @return {@code true} when the thread waited to the end, {@code false} when it was told
		 * to give up (its interrupt is then cleared, unless it was interrupted before)
		 */
		synchronized boolean leave() {
			this.waiting = false;
			if (this.givenUp && !this.interruptedBefore) {
				Thread.interrupted();
			}
			return !this.givenUp;
		}

	}

	/**
	 * The wait for a connection was given up because the target was found down.
	 */
	static final class GivenUp extends SQLTransientConnectionException {

		GivenUp(@Nullable Throwable cause) {
			super("Gave up waiting for a connection: the target was found down", "08001", cause);
		}

	}

}
