package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.replicarouting.JdbcUrls;
import io.github.replicarouting.ReplicationPositions;
import io.github.replicarouting.RoutingTarget;

/**
 * Probes every replica each {@code probe-interval}, off the request path: reachability, role and
 * lag, each probe on the replica's own connection and bounded by {@code probe-timeout}. One round
 * reads the primary's log position first, then every replica in parallel; a replica whose
 * previous probe is still hanging counts as failed without another thread being spent on it.
 */
public final class ReplicaProber implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ReplicaProber.class);

	/** How coarse a lag that a replica reports itself may be. */
	private static final long REPORTED_LAG_RESOLUTION_MILLIS = 1000;

	private final RoutingTarget primary;

	private final List<Probe> probes = new ArrayList<>();

	private final Duration interval;

	private final Duration timeout;

	private final Clock clock;

	private final LagTracker lagTracker;

	private final ScheduledExecutorService scheduler;

	private final ExecutorService workers;

	private final ReplicationPositions primaryPositions;

	/**
	 * Create a prober.
	 * @param primary the primary, asked for its log position
	 * @param replicas the replicas to probe, each with the way to open its probe connection
	 * @param interval the time between rounds
	 * @param timeout how long a probe may take
	 * @param maxLag the configured maximum lag, to size the position history
	 * @param clock the clock lag is measured with
	 * @param primaryPositions reads the primary's log position
	 */
	public ReplicaProber(RoutingTarget primary, List<ProbeTarget> replicas, Duration interval, Duration timeout,
			Duration maxLag, Clock clock, ReplicationPositions primaryPositions) {
		this.primary = primary;
		this.primaryPositions = primaryPositions;
		replicas.forEach((replica) -> this.probes.add(new Probe(replica)));
		this.interval = interval;
		this.timeout = timeout;
		this.clock = clock;
		this.lagTracker = new LagTracker(
				(int) Math.min(4096, Math.max(16, 2 * maxLag.toMillis() / Math.max(1, interval.toMillis()) + 4)));
		this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("replica-routing-prober"));
		// Idle workers go after a few seconds: a probe that hung on a partitioned replica leaves no
		// thread behind for long once it gives up.
		this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(),
				daemon("replica-routing-probe"));
	}

	/**
	 * Probe every replica once now, waiting for the round (at most about {@code probe-timeout}),
	 * then keep probing every {@code probe-interval}.
	 */
	public void start() {
		probeNow();
		long millis = this.interval.toMillis();
		this.scheduler.scheduleWithFixedDelay(this::probeSafely, millis, millis, TimeUnit.MILLISECONDS);
	}

	private void probeSafely() {
		try {
			probeNow();
		}
		catch (RuntimeException ex) {
			logger.error("Replica probe round failed", ex);
		}
	}

	/**
	 * Run one probe round and wait for it, at most about {@code probe-timeout}.
	 */
	public void probeNow() {
		long now = this.clock.millis();
		CompletableFuture<@Nullable Long> primaryPosition = CompletableFuture.supplyAsync(this::primaryPosition,
				this.workers);
		List<CompletableFuture<ReplicaStatus>> statuses = new ArrayList<>(this.probes.size());
		for (Probe probe : this.probes) {
			statuses.add(probe.start(this.workers, secondsOf(this.timeout)));
		}
		CompletableFuture<Void> round = CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new));
		try {
			CompletableFuture.allOf(round, primaryPosition).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			// Some probe did not answer in time: it is judged below on what it did by now.
		}
		Long position = primaryPosition.getNow(null);
		if (position != null) {
			this.lagTracker.record(now, position);
			// Read after now began: what lets the router judge a consistency token without I/O.
			this.primary.recordReplayedPosition(position, now);
		}
		for (int i = 0; i < this.probes.size(); i++) {
			this.probes.get(i).judge(statuses.get(i), position, now, this.lagTracker);
		}
	}

	private @Nullable Long primaryPosition() {
		try (Connection connection = this.primary.dataSource().getConnection()) {
			long position = this.primaryPositions.currentPosition(connection);
			return (position >= 0) ? position : null;
		}
		catch (SQLException ex) {
			logger.debug(this.primary.name() + " - could not read the log position: " + JdbcUrls.reduceWithin(ex.getMessage()));
			return null;
		}
	}

	/**
	 * Stop probing and close the probe connections.
	 */
	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.workers.shutdownNow();
		this.probes.forEach(Probe::close);
	}

	private static int secondsOf(Duration timeout) {
		return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
	}

	private static ThreadFactory daemon(String name) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * A replica to probe: its health and the way to open the probe's own connection.
	 *
	 * @param health the replica's health, told what each probe finds
	 * @param connectionFactory opens a connection that is not from the replica's pool
	 */
	public record ProbeTarget(ReplicaHealth health, ConnectionFactory connectionFactory) {

	}

	/**
	 * Opens a probe connection.
	 */
	@FunctionalInterface
	public interface ConnectionFactory {

		/**
		 * Open a connection.
		 * @return a new connection
		 * @throws SQLException when the database cannot be reached
		 */
		Connection connect() throws SQLException;

	}

	/**
	 * The probing of one replica, with its long-lived connection.
	 */
	private static final class Probe {

		private final ReplicaHealth health;

		private final ConnectionFactory connectionFactory;

		private @Nullable Connection connection;

		private @Nullable ReplicationDialect dialect;

		private @Nullable CompletableFuture<ReplicaStatus> running;

		private boolean privilegesChecked;

		Probe(ProbeTarget target) {
			this.health = target.health();
			this.connectionFactory = target.connectionFactory();
		}

		CompletableFuture<ReplicaStatus> start(ExecutorService workers, int timeoutSeconds) {
			CompletableFuture<ReplicaStatus> previous = this.running;
			if (previous != null && !previous.isDone()) {
				return CompletableFuture.failedFuture(new SQLTimeoutException(
						"The previous probe has not answered yet", "08006"));
			}
			CompletableFuture<ReplicaStatus> next = CompletableFuture.supplyAsync(() -> probe(timeoutSeconds), workers);
			this.running = next;
			return next;
		}

		private synchronized ReplicaStatus probe(int timeoutSeconds) {
			try {
				Connection current = this.connection;
				if (current == null || current.isClosed()) {
					current = this.connectionFactory.connect();
					this.connection = current;
					boundNetworkWaits(current, timeoutSeconds);
				}
				if (this.dialect == null) {
					this.dialect = ReplicationDialects.forConnection(current);
				}
				ReplicaStatus status = this.dialect.status(current, timeoutSeconds);
				if (!this.privilegesChecked) {
					this.privilegesChecked = true;
					warnIfUserCouldWrite(this.dialect, current);
				}
				if (this.health.recovering()) {
					// Readmit only once the pool gives connections again, not just the probe's own.
					// (HikariCP checks a connection that sat idle before it hands it out.)
					this.health.target().dataSource().getConnection().close();
				}
				return status;
			}
			catch (SQLException ex) {
				closeConnection();
				throw new ProbeFailedException(ex);
			}
		}

		private void warnIfUserCouldWrite(ReplicationDialect dialect, Connection connection) {
			try {
				String risk = dialect.writePrivilege(connection);
				if (risk != null) {
					logger.warn(this.health.target().name() + " - " + risk);
				}
			}
			catch (SQLException ex) {
				logger.debug(this.health.target().name() + " - could not read its user's privileges: " + JdbcUrls.reduceWithin(ex.getMessage()));
			}
		}

		/**
		 * A replica that stops answering (a network partition) must fail the probe, not hang it:
		 * a query timeout alone needs a second connection to cancel, which would hang too.
		 */
		private static void boundNetworkWaits(Connection connection, int timeoutSeconds) {
			try {
				connection.setNetworkTimeout(Runnable::run, timeoutSeconds * 1000);
			}
			catch (SQLException | UnsupportedOperationException ex) {
				// The driver cannot: the probe timeout still bounds the round.
			}
		}

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
			if (result.replayedPosition() != null) {
				this.health.target().recordReplayedPosition(result.replayedPosition());
			}
			long lagMillis = 0;
			long lagBytes = -1;
			if (result.reportedLagMillis() != null) {
				lagMillis = result.reportedLagMillis();
			}
			else if (result.replayedPosition() != null && primaryPosition != null) {
				lagMillis = lagTracker.lagMillis(result.replayedPosition(), now);
				lagBytes = Math.max(0, primaryPosition - result.replayedPosition());
			}
			this.health.probeAnswered(result, lagMillis, lagBytes);
			long caughtUpTo = caughtUpTo(result, primaryPosition, now, lagTracker);
			if (caughtUpTo != Long.MIN_VALUE) {
				this.health.caughtUpTo(caughtUpTo);
			}
		}

		/**
		 * The time before which the replica provably has every write the primary committed, for
		 * reads that must not be staler than a bound; {@link Long#MIN_VALUE} when this probe
		 * cannot tell (the replica then keeps what an earlier probe found).
		 */
		private static long caughtUpTo(ReplicaStatus result, @Nullable Long primaryPosition, long now,
				LagTracker lagTracker) {
			Long reported = result.reportedLagMillis();
			if (reported != null) {
				// Seconds_Behind_Source is in whole seconds: up to one more may have passed.
				return (reported == Long.MAX_VALUE) ? Long.MIN_VALUE : now - reported - REPORTED_LAG_RESOLUTION_MILLIS;
			}
			if (result.replayedPosition() == null) {
				// A database without positions is taken at its word, as for its lag: never behind.
				return now;
			}
			return (primaryPosition != null) ? lagTracker.caughtUpTo(result.replayedPosition()) : Long.MIN_VALUE;
		}

		private static Throwable cause(CompletableFuture<ReplicaStatus> status) {
			try {
				status.join();
				throw new IllegalStateException("not failed");
			}
			catch (RuntimeException ex) {
				Throwable cause = ex;
				while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof ProbeFailedException)
						&& cause.getCause() != null) {
					cause = cause.getCause();
				}
				return cause;
			}
		}

		private void closeConnection() {
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

	}

	private static final class ProbeFailedException extends RuntimeException {

		ProbeFailedException(SQLException cause) {
			super(cause);
		}

	}

}
