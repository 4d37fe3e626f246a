package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.replicarouting.JdbcUrls;

/**
 * The probing of one replica: its role, replayed position and lag, asked on the replica's own
 * probe connection, and what they mean for its health once the primary's position of the same
 * round is known.
 */
final class ReplicaProbe {

	private static final Log logger = LogFactory.getLog(ReplicaProbe.class);

	private final ReplicaHealth health;

	private final ProbeConnection connection;

	private final ReplicationDialects dialects;

	private volatile @Nullable ReplicationDialect dialect;

	private volatile boolean privilegesChecked;

	private final @Nullable PrimaryHealth asWriter;

	ReplicaProbe(ReplicaHealth health, ProbeConnection connection, ReplicationDialects dialects) {
		this(health, null, connection, dialects);
	}

	/**
	 * @param asWriter the node's health as a writer, told too what the probe found
	 * ({@code failover.mode: follow}), or {@code null}
	 */
	ReplicaProbe(ReplicaHealth health, @Nullable PrimaryHealth asWriter, ProbeConnection connection,
			ReplicationDialects dialects) {
		this.health = health;
		this.asWriter = asWriter;
		this.connection = connection;
		this.dialects = dialects;
	}

	CompletableFuture<Report> start(Executor workers) {
		return this.connection.start(workers, this::report);
	}

	/**
	 * What the replica says; for a node that may take writes, also whether it does, where its
	 * log is then, and which server it is.
	 */
	private Report report(Connection node, int timeoutSeconds) throws SQLException {
		ReplicaProbeResult result = probe(node, timeoutSeconds);
		ReplicationDialect known = this.dialect;
		if (this.asWriter == null || known == null) {
			return new Report(result, false, null, null);
		}
		String identity = ReplicaProber.identity(known, node);
		boolean writable = !result.readOnly() && known.acceptsWrites(node, timeoutSeconds);
		Long written = null;
		if (writable) {
			long position = known.currentPosition(node);
			written = (position >= 0) ? position : null;
		}
		return new Report(result, writable, written, identity);
	}

	boolean isWriter(PrimaryHealth writer) {
		return this.asWriter == writer;
	}

	/**
	 * Tell the node's health as a writer what the probe found.
	 * @return its write position, or {@code null} when it does not take writes or has no positions
	 */
	@Nullable Long judgeWriter(CompletableFuture<Report> status) {
		PrimaryHealth writer = this.asWriter;
		if (writer == null) {
			return null;
		}
		if (!status.isDone()) {
			writer.probeFailed(new SQLTimeoutException("The probe did not answer within probe-timeout", "08006"));
			return null;
		}
		if (status.isCompletedExceptionally()) {
			writer.probeFailed(cause(status));
			return null;
		}
		Report report = status.join();
		writer.probeAnswered(new PrimaryProbeResult(report.writable(), report.written(), report.identity()));
		return report.written();
	}

	private ReplicaProbeResult probe(Connection replica, int timeoutSeconds) throws SQLException {
		ReplicationDialect known = this.dialect;
		if (known == null) {
			known = this.dialects.forConnection(replica);
			this.dialect = known;
		}
		ReplicaProbeResult status = known.probe(replica, timeoutSeconds);
		if (!this.privilegesChecked) {
			this.privilegesChecked = true;
			warnIfUserCouldWrite(known, replica);
		}
		if (this.health.recovering()) {
			awaitPool();
		}
		return status;
	}

	private void warnIfUserCouldWrite(ReplicationDialect dialect, Connection connection) {
		try {
			String risk = dialect.writePrivilege(connection);
			if (risk != null) {
				this.health.writeRisk(risk);
				logger.warn(this.health.target().name() + " - " + risk);
			}
		}
		catch (SQLException ex) {
			logger.debug(this.health.target().name() + " - could not read its user's privileges: "
					+ JdbcUrls.reduceWithin(ex.getMessage()));
		}
	}

	/**
	 * Readmit only once the pool gives connections again, not just the probe's own. (HikariCP
	 * checks a connection that sat idle before it hands it out.) A pool whose connections are
	 * all in use gives them, just not now: busy is not broken.
	 */
	private void awaitPool() throws SQLException {
		try {
			this.health.target().unwrap(DataSource.class).getConnection().close();
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
	void judge(CompletableFuture<ReplicaProbeResult> status, @Nullable Long primaryPosition, long now,
			LagTracker lagTracker) {
		if (!status.isDone()) {
			this.health.probeFailed(new SQLTimeoutException("The probe did not answer within probe-timeout", "08006"));
			return;
		}
		if (status.isCompletedExceptionally()) {
			this.health.probeFailed(cause(status));
			return;
		}
		ReplicaProbeResult result = status.join();
		Long replayed = result.replayedPosition();
		if (replayed != null) {
			this.health.positionProbed(replayed);
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
		ReplicationDialect known = this.dialect;
		long resolution = (known != null) ? known.reportedLagResolutionMillis() : 0;
		long caughtUpTo = caughtUpTo(result, resolution, primaryPosition, now, lagTracker);
		if (caughtUpTo != Long.MIN_VALUE) {
			this.health.caughtUpTo(caughtUpTo);
		}
	}

	/**
	 * The time before which the replica provably has every write the primary committed, for
	 * reads that must not be staler than a bound; {@link Long#MIN_VALUE} when this probe
	 * cannot tell (the replica then keeps what an earlier probe found).
	 */
	private static long caughtUpTo(ReplicaProbeResult result, long reportedLagResolution, @Nullable Long primaryPosition,
			long now, LagTracker lagTracker) {
		Long reported = result.reportedLagMillis();
		if (reported != null) {
			// A lag reported in whole seconds may be short by up to one more.
			return (reported == Long.MAX_VALUE) ? Long.MIN_VALUE : now - reported - reportedLagResolution;
		}
		if (result.replayedPosition() == null) {
			// A database without positions is taken at its word, as for its lag: never behind.
			return now;
		}
		return (primaryPosition != null) ? lagTracker.caughtUpTo(result.replayedPosition()) : Long.MIN_VALUE;
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

	/**
	 * One probe of a node.
	 *
	 * @param result what it says as a replica
	 * @param writable whether it takes writes (asked only of nodes that may take them)
	 * @param written its write position when it takes writes, or {@code null}
	 * @param identity which server it is, or {@code null} when unknown or not asked
	 */
	record Report(ReplicaProbeResult result, boolean writable, @Nullable Long written, @Nullable String identity) {

	}

}
