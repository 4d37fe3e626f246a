package io.github.replicarouting.health;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure of the connection to a replica (it is unreachable, shutting down or too slow)
 * from an error of the application's SQL, which says nothing about the replica's health and must
 * never open its circuit breaker.
 */
public final class ConnectionFailures {

	private ConnectionFailures() {
	}

	/**
	 * Whether {@code failure}, or one of its causes, is a connection-level failure: SQLState
	 * class 08, PostgreSQL's administrator shutdown codes 57P01 to 57P03, a connection or
	 * timeout exception.
	 * @param failure the failure
	 * @return {@code true} for a connection-level failure
	 */
	public static boolean isConnectionFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
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

	private static boolean isConnectionState(String state) {
		return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
				|| state.equals("57P03"));
	}

}
