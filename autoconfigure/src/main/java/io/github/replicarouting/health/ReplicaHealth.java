package io.github.replicarouting.health;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.replicarouting.JdbcUrls;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.TargetHealth;

/**
 * Everything that decides whether one replica serves reads: its Resilience4j circuit breaker,
 * fed by real connection attempts and by the probes, and what the probes last found (role, lag
 * and replayed position), and whether an operator ejected it. Created by the
 * {@link ReplicaMonitor}; what health, the endpoint and metrics read of a replica.
 *
 * <p>
 * Lag has hysteresis: a replica becomes {@link ReplicaState#LAGGING} when its lag exceeds
 * {@code max-replication-lag}, and serves again only once it is back within half of it, so a
 * replica hovering at the threshold does not flap in and out of rotation.
 *
 * <p>
 * A lag that cannot be measured (the primary's position could not be read, the replica reports
 * none) is unknown, never zero: the replica keeps its last known state, and one whose lag was
 * never measured does not serve until it is.
 */
public final class ReplicaHealth extends TargetHealth {

	private static final Log logger = LogFactory.getLog(ReplicaHealth.class);

	private final RoutingTarget target;

	private final CircuitBreaker breaker;

	private final long maxLagMillis;

	/** What lets the replica's database user write past read-only, as its first probe found. */
	private volatile @Nullable String writeRisk;

	private final Runnable evictIdleConnections;

	private final SlowStart slowStart;

	private volatile boolean answered;

	private volatile boolean mayTakeWrites;

	private volatile boolean ejected;

	private volatile boolean roleMismatch;

	private volatile boolean lagging;

	private volatile boolean lagMeasured;

	private volatile long lagMillis = -1;

	private volatile long lagBytes = -1;

	private volatile long caughtUpToMillis = Long.MIN_VALUE;

	/** The primary's position after the schema migrations of startup, until replayed; else -1. */
	private volatile long migrationBarrier = -1;

	/**
	 * Create the health of one replica.
	 * @param target the replica
	 * @param breaker its circuit breaker
	 * @param maxLag the lag beyond which it leaves the rotation
	 * @param evictIdleConnections drops the replica's idle pooled connections, run when it
	 * leaves the rotation for a failure or an operator
	 */
	ReplicaHealth(RoutingTarget target, CircuitBreaker breaker, Duration maxLag, Runnable evictIdleConnections) {
		this(target, breaker, maxLag, evictIdleConnections, Clock.systemUTC(), Duration.ZERO);
	}

	/**
	 * Create the health of one replica whose share of reads ramps up when it comes back.
	 * @param target the replica
	 * @param breaker its circuit breaker
	 * @param maxLag the lag beyond which it leaves the rotation
	 * @param evictIdleConnections drops the replica's idle pooled connections, run when it
	 * leaves the rotation for a failure or an operator
	 * @param clock the clock the slow start is measured with
	 * @param slowStart how long a replica back in rotation takes to reach its full share of reads
	 */
	ReplicaHealth(RoutingTarget target, CircuitBreaker breaker, Duration maxLag, Runnable evictIdleConnections,
			Clock clock, Duration slowStart) {
		this.slowStart = new SlowStart(clock, slowStart);
		this.target = target;
		this.breaker = breaker;
		this.maxLagMillis = maxLag.toMillis();
		this.evictIdleConnections = evictIdleConnections;
		breaker.getEventPublisher().onStateTransition((event) -> {
			CircuitBreaker.State to = event.getStateTransition().getToState();
			logger.info(target.name() + " - circuit breaker " + event.getStateTransition().getFromState() + " -> " + to);
			if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
				evictIdleConnections.run();
			}
		});
	}

	/**
	 * The replica.
	 * @return the target
	 */
	public RoutingTarget target() {
		return this.target;
	}

	/**
	 * What lets the replica's database user write past the server's read-only setting (a
	 * MySQL or MariaDB privilege), as the replica's first probe found; {@code null} when nothing
	 * does, or nothing is known yet.
	 * @return the risk, in words, or {@code null}
	 */
	public @Nullable String writeRisk() {
		return this.writeRisk;
	}

	void writeRisk(String risk) {
		this.writeRisk = risk;
	}

	/**
	 * The replica's circuit breaker, named {@code replica-routing.<name>}.
	 * @return the breaker
	 */
	public CircuitBreaker breaker() {
		return this.breaker;
	}

	/**
	 * The current state; the first that applies of {@code EJECTED}, {@code CIRCUIT_OPEN}
	 * (including a replica that has not answered a probe yet), {@code CIRCUIT_HALF_OPEN},
	 * {@code ROLE_MISMATCH}, {@code LAGGING} (including a replica whose lag was never measured),
	 * {@code UP}.
	 * @return the state
	 */
	public ReplicaState state() {
		if (this.ejected) {
			return ReplicaState.EJECTED;
		}
		CircuitBreaker.State breakerState = this.breaker.getState();
		if (!this.answered || breakerState == CircuitBreaker.State.OPEN
				|| breakerState == CircuitBreaker.State.FORCED_OPEN) {
			return ReplicaState.CIRCUIT_OPEN;
		}
		if (breakerState == CircuitBreaker.State.HALF_OPEN) {
			return ReplicaState.CIRCUIT_HALF_OPEN;
		}
		if (this.roleMismatch) {
			return ReplicaState.ROLE_MISMATCH;
		}
		return (this.lagging || !this.lagMeasured || behindMigration()) ? ReplicaState.LAGGING : ReplicaState.UP;
	}

	/**
	 * Hold the replica out of rotation ({@code LAGGING}) until it has replayed {@code position}:
	 * the primary's log position after the schema migrations that ran at startup, which the
	 * application's reads may depend on (a new column, say).
	 * @param position the position
	 */
	void migrationBarrier(long position) {
		this.migrationBarrier = position;
	}

	/**
	 * The primary's log position after the schema migrations of startup, while the replica has
	 * not replayed it.
	 * @return the position, or -1 when the replica has it (or no migration ran)
	 */
	public long migrationBarrier() {
		behindMigration();
		return this.migrationBarrier;
	}

	private boolean behindMigration() {
		long barrier = this.migrationBarrier;
		if (barrier < 0) {
			return false;
		}
		if (replayedPosition() < barrier) {
			return true;
		}
		this.migrationBarrier = -1;
		logger.info(this.target.name() + " - has replayed the schema migration of startup (position " + barrier + ")");
		return false;
	}

	/**
	 * The lag the last probe measured.
	 * @return the lag in milliseconds, or -1 when the last probe could not measure it
	 */
	public long lagMillis() {
		return this.lagMillis;
	}

	/**
	 * How far behind the primary's log the replica was at the last probe.
	 * @return the distance in the database's position units (bytes of WAL for PostgreSQL), or
	 * -1 when unknown
	 */
	public long lagBytes() {
		return this.lagBytes;
	}

	/**
	 * Take the replica out of rotation until {@link #readmit()}, dropping its idle connections.
	 */
	public void eject() {
		this.ejected = true;
		this.evictIdleConnections.run();
		logger.info(this.target.name() + " - ejected by an operator");
	}

	/**
	 * Put an ejected replica back; it serves again when its other checks allow.
	 */
	public void readmit() {
		boolean wasCandidate = isCandidate();
		this.ejected = false;
		this.slowStart.observe(wasCandidate, isCandidate());
		logger.info(this.target.name() + " - readmitted by an operator");
	}

	/**
	 * In {@code failover.mode: follow}, a node that reports itself writable may be the one that
	 * takes writes: no warning, it just serves no reads meanwhile.
	 */
	void mayTakeWrites() {
		this.mayTakeWrites = true;
	}

	/**
	 * Only an {@code UP} replica serves reads. A half-open breaker is closed by the probes alone
	 * (which also warm the replica's pool), so that no caller waits on a replica that is still
	 * reconnecting.
	 */
	@Override
	public boolean isCandidate() {
		return state() == ReplicaState.UP;
	}

	/**
	 * Whether the replica is on its way back into rotation, so a probe should check that its pool
	 * gives connections again before it counts as recovered.
	 */
	boolean recovering() {
		return this.breaker.getState() != CircuitBreaker.State.CLOSED;
	}

	/**
	 * Below 1 while the replica is back in rotation for less than the slow start
	 * ({@code replica-routing.health.slow-start}), rising linearly.
	 */
	@Override
	public double share() {
		return this.slowStart.share();
	}

	@Override
	protected boolean tryAcquirePermission() {
		return isCandidate() && this.breaker.tryAcquirePermission();
	}

	@Override
	protected void onConnected(long durationNanos) {
		this.breaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	protected void onConnectFailed(long durationNanos, SQLException failure) {
		if (ConnectionFailures.isConnectionFailure(failure)) {
			this.breaker.onError(durationNanos, TimeUnit.NANOSECONDS, failure);
		}
		else {
			// Not the replica's health (bad credentials, say): the call simply did not count.
			this.breaker.releasePermission();
		}
	}

	/**
	 * The time since the replica was last known to have replayed every write the primary had
	 * committed: its lag at the last probe that could tell, plus that probe's age.
	 */
	@Override
	public long stalenessMillis(long nowMillis) {
		long caughtUpTo = this.caughtUpToMillis;
		return (caughtUpTo == Long.MIN_VALUE) ? Long.MAX_VALUE : Math.max(0, nowMillis - caughtUpTo);
	}

	/**
	 * Record how far a probe found the replica to have replayed the primary's log.
	 * @param position the position
	 */
	void positionProbed(long position) {
		recordPosition(position, Long.MIN_VALUE);
	}

	/**
	 * Record that a probe found the replica to have every write the primary committed before
	 * {@code millis}. A replica does not lose what it replayed, so an earlier, later time stands.
	 * @param millis the time, in epoch milliseconds
	 */
	void caughtUpTo(long millis) {
		if (millis > this.caughtUpToMillis) {
			this.caughtUpToMillis = millis;
		}
	}

	@Override
	public String describe() {
		ReplicaState state = state();
		if (state == ReplicaState.LAGGING && !this.lagging && this.lagMeasured && this.migrationBarrier >= 0) {
			return state + " (has not replayed the schema migration of startup yet: at " + replayedPosition() + " of "
					+ this.migrationBarrier + ")";
		}
		return (state == ReplicaState.LAGGING) ? state + " (" + describeLag(this.lagMillis) + ")" : state.name();
	}

	private String describeLag(long lagMillis) {
		if (lagMillis < 0) {
			return this.lagMeasured ? "lag unknown, not caught up when last measured" : "lag not measured yet";
		}
		return (lagMillis == Long.MAX_VALUE) ? "replication stopped or status unknown, lag unbounded"
				: lagMillis + " ms behind the primary";
	}

	/**
	 * Record a probe that answered.
	 * @param status what the replica said
	 * @param lagMillis its lag in milliseconds, {@link Long#MAX_VALUE} when unbounded, -1 when
	 * it could not be measured
	 * @param lagBytes its distance behind the primary's log, or -1 when unknown
	 */
	void probeAnswered(ReplicaProbeResult status, long lagMillis, long lagBytes) {
		boolean wasCandidate = isCandidate();
		judge(status, lagMillis, lagBytes);
		this.slowStart.observe(wasCandidate, isCandidate());
	}

	private void judge(ReplicaProbeResult status, long lagMillis, long lagBytes) {
		this.answered = true;
		if (this.roleMismatch != !status.readOnly()) {
			this.roleMismatch = !status.readOnly();
			String change = this.roleMismatch ? " - reports itself writable: excluded (ROLE_MISMATCH)"
					: " - reports itself read-only again";
			if (this.mayTakeWrites) {
				logger.info(this.target.name() + change);
			}
			else {
				logger.warn(this.target.name() + change);
			}
			// Its sessions were opened in its old role.
			this.evictIdleConnections.run();
		}
		this.lagMillis = lagMillis;
		this.lagBytes = lagBytes;
		if (lagMillis >= 0) {
			judgeLag(lagMillis);
		}
		CircuitBreaker.State breakerState = this.breaker.getState();
		if (breakerState == CircuitBreaker.State.CLOSED || this.breaker.tryAcquirePermission()) {
			// In OPEN, tryAcquirePermission moves the breaker to HALF_OPEN once its wait is over.
			this.breaker.onSuccess(0, TimeUnit.NANOSECONDS);
		}
	}

	private void judgeLag(long lagMillis) {
		this.lagMeasured = true;
		if (!this.lagging && lagMillis > this.maxLagMillis) {
			this.lagging = true;
			logger.warn(this.target.name() + " - " + describeLag(lagMillis) + ": excluded (LAGGING)");
		}
		else if (this.lagging && lagMillis <= this.maxLagMillis / 2) {
			this.lagging = false;
			logger.info(this.target.name() + " - caught up (" + lagMillis + " ms behind): back in rotation");
		}
	}

	/**
	 * Record a probe that failed.
	 * @param failure why
	 */
	void probeFailed(Throwable failure) {
		this.answered = true;
		CircuitBreaker.State breakerState = this.breaker.getState();
		if (ConnectionFailures.isConnectionFailure(failure)) {
			if (breakerState == CircuitBreaker.State.CLOSED || breakerState == CircuitBreaker.State.HALF_OPEN) {
				logger.warn(this.target.name() + " - probe failed, excluding the replica: "
						+ JdbcUrls.reduceWithin(failure.getMessage()));
				this.breaker.transitionToOpenState();
			}
			unavailable();
		}
		else {
			// It answers, but not what a replica must say: unknown lag is never taken as none.
			logger.warn(this.target.name() + " - probe could not read the replica's status, excluding it: "
					+ JdbcUrls.reduceWithin(failure.toString()));
			this.lagMillis = Long.MAX_VALUE;
			this.lagMeasured = true;
			this.lagging = true;
		}
	}

}
