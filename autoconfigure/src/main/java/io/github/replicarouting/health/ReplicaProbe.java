package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * The probing of one replica: its role, replayed position and lag, asked on the replica's own
 * probe connection, and what they mean for its health once the primary's position of the same
 * round is known.
 */
final class ReplicaProbe {

	private final ReplicaHealth health;

	private final ProbeConnection connection;

	private volatile @Nullable ReplicationDialect dialect;

	ReplicaProbe(ReplicaHealth health, ProbeConnection connection) {
		this.health = health;
		this.connection = connection;
	}

	CompletableFuture<ReplicaStatus> start(Executor workers) {
		return this.connection.start(workers, this::status);
	}

	private ReplicaStatus status(Connection replica, int timeoutSeconds) throws SQLException {
		ReplicationDialect known = this.dialect;
		if (known == null) {
			known = ReplicationDialects.forConnection(replica);
			this.dialect = known;
		}
		ReplicaStatus status = known.status(replica, timeoutSeconds);
		if (this.health.recovering()) {
			awaitPool();
		}
		return status;
	}

	/**
	 * Readmit only once the pool gives connections again, not just the probe's own. (HikariCP
	 * checks a connection that sat idle before it hands it out.) A pool whose connections are
	 * all in use gives them, just not now: busy is not broken.
	 */
	private void awaitPool() throws SQLException {
		try {
			this.health.target().dataSource().getConnection().close();
		}
		catch (SQLException ex) {
			if (!ConnectionFailures.isPoolExhausted(ex)) {
				throw ex;
			}
		}
	}

	/**
	 * Tell the replica's health what the probe found.
	 * @param status the probe's outcome, perhaps still running
	 * @param primaryPosition the primary's log position read in the same round, or {@code null}
	 * when it could not be read
	 * @param now when the round started
	 * @param lagTracker the primary's positions over time
	 */
	void judge(CompletableFuture<ReplicaStatus> status, @Nullable Long primaryPosition, long now,
			LagTracker lagTracker) {
		if (!status.isDone()) {
			this.health.probeFailed(new SQLTimeoutException("The probe did not answer within probe-timeout", "08006"));
			return;
		}
		if (status.isCompletedExceptionally()) {
			this.health.probeFailed(cause(status));
			return;
		}
		ReplicaStatus result = status.join();
		Long replayed = result.replayedPosition();
		if (replayed != null) {
			this.health.target().recordReplayedPosition(replayed);
		}
		// Unknown stays unknown (-1): a lag that cannot be measured is never taken as none.
		long lagMillis = -1;
		long lagBytes = -1;
		if (result.reportedLagMillis() != null) {
			lagMillis = result.reportedLagMillis();
		}
		else if (replayed != null && primaryPosition != null) {
			lagMillis = lagTracker.lagMillis(replayed, now);
			lagBytes = Math.max(0, primaryPosition - replayed);
		}
		this.health.probeAnswered(result, lagMillis, lagBytes);
	}

	static Throwable cause(CompletableFuture<?> failed) {
		try {
			failed.join();
			throw new IllegalStateException("not failed");
		}
		catch (CompletionException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	void close() {
		this.connection.close();
	}

}
