package io.github.replicarouting.health;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * Tells a failure of the connection to a replica (it is unreachable, shutting down or too slow)
 * from an error of the application's SQL, which says nothing about the replica's health and must
 * never open its circuit breaker, and from a pool that is merely busy.
 */
public final class ConnectionFailures {

	private ConnectionFailures() {
	}

	/**
	 * Whether {@code failure}, or one of its causes, is a connection-level failure: SQLState
	 * class 08, PostgreSQL's administrator shutdown codes 57P01 to 57P03, a connection or
	 * timeout exception. A pool that timed out because all its connections were in use, with no
	 * connection failure behind the timeout, is busy, not broken: it is none.
	 * @param failure the failure
	 * @return {@code true} for a connection-level failure
	 */
	public static boolean isConnectionFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (isPoolExhausted(cause)) {
				continue;
			}
			if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
					|| cause instanceof SQLTimeoutException || cause instanceof ConnectException
					|| cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
				return true;
			}
			if (cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether {@code failure}, or one of its causes, says that the target did not answer in time,
	 * rather than that it refused or dropped the connection.
	 * @param failure the failure
	 * @return {@code true} for a timeout
	 */
	static boolean isTimeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof SQLTimeoutException || cause instanceof SocketTimeoutException
					|| cause instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * HikariCP's timeout on borrowing carries the pool's last connection failure as its cause
	 * and SQLState, or neither when the pool could connect and every connection was simply in
	 * use ({@code HikariPool.createTimeoutException}); no driver throws a connection exception
	 * without a SQLState.
	 */
	static boolean isPoolExhausted(Throwable failure) {
		return failure instanceof SQLTransientConnectionException pool && pool.getCause() == null
				&& pool.getSQLState() == null;
	}

	private static @Nullable Throwable next(Throwable cause) {
		return (cause.getCause() != cause) ? cause.getCause() : null;
	}

	private static boolean isConnectionState(@Nullable String state) {
		return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
				|| state.equals("57P03"));
	}

}
