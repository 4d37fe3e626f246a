package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.health.ReplicaProber.ConnectionFactory;

/**
 * A target's probe connection, opened outside its pool and kept between rounds, and the probe
 * running on it. A probe still running when the next round starts is not started again: the
 * round counts it as not answering, so a target that hangs holds one thread at most.
 */
final class ProbeConnection {

	private final ConnectionFactory connectionFactory;

	private final int timeoutSeconds;

	private volatile @Nullable Connection connection;

	private @Nullable CompletableFuture<?> running;

	ProbeConnection(ConnectionFactory connectionFactory, int timeoutSeconds) {
		this.connectionFactory = connectionFactory;
		this.timeoutSeconds = timeoutSeconds;
	}

	/**
	 * Start {@code check} on the probe connection, unless the previous check has not finished.
	 * @return what the check finds; failed with a {@link SQLTimeoutException} at once when the
	 * previous check is still running, or with the check's {@link SQLException}
	 */
	synchronized <T> CompletableFuture<T> start(Executor workers, Check<T> check) {
		CompletableFuture<?> previous = this.running;
		if (previous != null && !previous.isDone()) {
			return CompletableFuture.failedFuture(new SQLTimeoutException("The previous probe has not answered yet", "08006"));
		}
		CompletableFuture<T> next = CompletableFuture.supplyAsync(() -> run(check), workers);
		this.running = next;
		return next;
	}

	private <T> T run(Check<T> check) {
		try {
			Connection current = this.connection;
			if (current == null || current.isClosed()) {
				current = this.connectionFactory.connect();
				this.connection = current;
				boundNetworkWaits(current);
			}
			return check.run(current, this.timeoutSeconds);
		}
		catch (SQLException ex) {
			closeQuietly();
			throw new CompletionException(ex);
		}
	}

	/**
	 * A target that stops answering (a network partition, a frozen server) must fail the probe,
	 * not hang it: a query timeout alone needs a second connection to cancel, which would hang
	 * too.
	 */
	private void boundNetworkWaits(Connection connection) {
		try {
			connection.setNetworkTimeout(Runnable::run, this.timeoutSeconds * 1000);
		}
		catch (SQLException | UnsupportedOperationException ex) {
			// The driver cannot: the connection's own socket timeout and the round's wait still bound it.
		}
	}

	private void closeQuietly() {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (SQLException ex) {
				// Already broken: nothing more to release.
			}
		}
	}

	/**
	 * Drop the connection at once, even while a check hangs on it.
	 */
	void close() {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			try {
				current.abort(Runnable::run);
			}
			catch (SQLException ex) {
				// Closing anyway.
			}
		}
	}

	/**
	 * What a probe asks on its connection.
	 *
	 * @param <T> what it learns
	 */
	@FunctionalInterface
	interface Check<T> {

		T run(Connection connection, int timeoutSeconds) throws SQLException;

	}

}
