package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.replicarouting.JdbcUrls;
import io.github.replicarouting.ReplicationPositions;

/**
 * Probes the primary and every replica each {@code probe-interval}, off the request path, each on
 * a connection of its own outside the application's pools and bounded by {@code probe-timeout}:
 * the primary's reachability and log position, each replica's reachability, role and lag. A
 * target whose previous probe is still hanging counts as not answering without another thread
 * being spent on it, so the probes never hold more than one thread per target.
 */
final class ReplicaProber implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ReplicaProber.class);

	private final PrimaryHealth primary;

	private final ProbeConnection primaryConnection;

	private final ReplicationPositions primaryPositions;

	private final List<ReplicaProbe> probes = new ArrayList<>();

	private final Duration interval;

	private final Duration timeout;

	private final Clock clock;

	private final LagTracker lagTracker;

	private final ScheduledExecutorService scheduler;

	private final ThreadPoolExecutor workers;

	private final ReplicationDialects dialects;

	private volatile @Nullable ReplicationDialect primaryDialect;

	private final @Nullable Failover failover;

	/**
	 * Create a prober.
	 * @param primary the primary, asked for its log position on its own probe connection
	 * @param replicas the replicas to probe, each with the way to open its probe connection
	 * @param interval the time between rounds
	 * @param timeout how long a probe may take
	 * @param maxLag the configured maximum lag, to size the position history
	 * @param clock the clock lag is measured with
	 * @param primaryPositions reads the primary's log position
	 * @param dialects recognise each replica's database
	 */
	ReplicaProber(ProbeTarget<PrimaryHealth> primary, List<ProbeTarget<ReplicaHealth>> replicas, Duration interval,
			Duration timeout, Duration maxLag, Clock clock, ReplicationPositions primaryPositions,
			ReplicationDialects dialects) {
		this(primary, replicas, interval, timeout, maxLag, clock, primaryPositions, dialects, null);
	}

	/**
	 * Create a prober.
	 * @param failover in {@code failover.mode: follow}, which node takes writes: each replica's
	 * probe then also tells its health as a writer what it found, and the replicas' lag is
	 * measured against the node that takes writes; else {@code null}
	 */
	ReplicaProber(ProbeTarget<PrimaryHealth> primary, List<ProbeTarget<ReplicaHealth>> replicas, Duration interval,
			Duration timeout, Duration maxLag, Clock clock, ReplicationPositions primaryPositions,
			ReplicationDialects dialects, @Nullable Failover failover) {
		int timeoutSeconds = secondsOf(timeout);
		this.failover = failover;
		this.primary = primary.health();
		this.primaryConnection = new ProbeConnection(primary.connectionFactory(), timeoutSeconds);
		this.primaryPositions = primaryPositions;
		this.dialects = dialects;
		replicas.forEach((replica) -> this.probes.add(new ReplicaProbe(replica.health(),
				(failover != null) ? failover.replicaAsWriter(replica.health().target().name()) : null,
				new ProbeConnection(replica.connectionFactory(), timeoutSeconds), dialects)));
		this.interval = interval;
		this.timeout = timeout;
		this.clock = clock;
		this.lagTracker = new LagTracker(
				(int) Math.min(4096, Math.max(16, 2 * maxLag.toMillis() / Math.max(1, interval.toMillis()) + 4)));
		this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("replica-routing-prober"));
		// One thread per target at most, each probe connection running one probe at a time; idle
		// workers go after a few seconds.
		int targets = replicas.size() + 1;
		this.workers = new ThreadPoolExecutor(targets, targets, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				daemon("replica-routing-probe"));
		this.workers.allowCoreThreadTimeOut(true);
	}

	/**
	 * Probe every target once now, waiting for the round (at most about {@code probe-timeout}),
	 * then keep probing every {@code probe-interval}.
	 */
	void start() {
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
	synchronized void probeNow() {
		long now = this.clock.millis();
		((this.failover != null) ? this.failover.currentWriter() : this.primary).lookStarted();
		CompletableFuture<PrimaryProbeResult> primaryStatus = this.primaryConnection.start(this.workers,
				this::primaryStatus);
		List<CompletableFuture<ReplicaProbe.Report>> statuses = new ArrayList<>(this.probes.size() + 1);
		for (ReplicaProbe probe : this.probes) {
			statuses.add(probe.start(this.workers));
		}
		List<CompletableFuture<?>> all = new ArrayList<>(statuses);
		all.add(primaryStatus);
		try {
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			// Some probe did not answer in time: it is judged below on what it did by now.
		}
		Long position = judgeWriters(judgePrimary(primaryStatus), statuses, now);
		for (int i = 0; i < this.probes.size(); i++) {
			this.probes.get(i).judge(statuses.get(i).thenApply(ReplicaProbe.Report::result), position, now,
					this.lagTracker);
		}
		if (this.failover != null) {
			this.failover.roundJudged();
		}
	}

	/**
	 * Tell every node's health as a writer what its probe found, and record the write position of
	 * the node that takes writes: what the replicas' lag is measured against.
	 * @return that position, or {@code null} when it was not read this round
	 */
	private @Nullable Long judgeWriters(@Nullable Long primaryPosition, List<CompletableFuture<ReplicaProbe.Report>> statuses,
			long now) {
		PrimaryHealth writer = this.primary;
		Long position = primaryPosition;
		if (this.failover != null) {
			writer = this.failover.currentWriter();
			for (int i = 0; i < this.probes.size(); i++) {
				Long written = this.probes.get(i).judgeWriter(statuses.get(i));
				if (this.probes.get(i).isWriter(writer)) {
					position = written;
				}
			}
		}
		if (position != null) {
			this.lagTracker.record(now, position);
			// Read after now began: what lets the router judge a consistency token without I/O.
			writer.positionProbed(position, now);
		}
		return position;
	}

	private PrimaryProbeResult primaryStatus(Connection connection, int timeoutSeconds) throws SQLException {
		ReplicationDialect dialect = this.primaryDialect;
		if (dialect == null) {
			dialect = this.dialects.forConnection(connection);
			this.primaryDialect = dialect;
		}
		String identity = identity(dialect, connection);
		if (!dialect.acceptsWrites(connection, timeoutSeconds)) {
			// In recovery: it has no write position of its own to read.
			return new PrimaryProbeResult(false, null, identity);
		}
		long position = this.primaryPositions.currentPosition(connection);
		return new PrimaryProbeResult(true, (position >= 0) ? position : null, identity);
	}

	/**
	 * Which server answered; unknown when it cannot say (a privilege it lacks, say), which the
	 * rest of the probe does not depend on.
	 */
	static @Nullable String identity(ReplicationDialect dialect, Connection connection) throws SQLException {
		try {
			return dialect.serverIdentity(connection);
		}
		catch (SQLException ex) {
			if (ConnectionFailures.isConnectionFailure(ex)) {
				throw ex;
			}
			logger.debug("Could not read the server's identity: " + JdbcUrls.reduceWithin(ex.getMessage()));
			return null;
		}
	}

	/**
	 * Tell the primary's health what its probe found.
	 * @return the primary's log position, or {@code null} when it was not read this round
	 */
	private @Nullable Long judgePrimary(CompletableFuture<PrimaryProbeResult> status) {
		if (!status.isDone()) {
			this.primary.probeFailed(new SQLTimeoutException("The probe did not answer within probe-timeout", "08006"));
			return null;
		}
		if (status.isCompletedExceptionally()) {
			this.primary.probeFailed(ReplicaProbe.cause(status));
			return null;
		}
		PrimaryProbeResult answered = status.join();
		this.primary.probeAnswered(answered);
		return answered.position();
	}

	/**
	 * Stop probing and close the probe connections.
	 */
	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.workers.shutdownNow();
		this.primaryConnection.close();
		this.probes.forEach(ReplicaProbe::close);
	}

	static int secondsOf(Duration timeout) {
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
	 * A target to probe: its health and the way to open the probe's own connection.
	 *
	 * @param <H> the kind of health told what each probe finds
	 * @param health the target's health
	 * @param connectionFactory opens a connection that is not from the target's pool
	 */
	record ProbeTarget<H>(H health, ConnectionFactory connectionFactory) {

	}

	/**
	 * Opens a probe connection.
	 */
	@FunctionalInterface
	interface ConnectionFactory {

		/**
		 * Open a connection.
		 * @return a new connection
		 * @throws SQLException when the database cannot be reached
		 */
		Connection connect() throws SQLException;

	}

}
