package io.github.replicarouting;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Why each target tried for a read could not serve it, for the error the caller gets when none
 * could: it names every target and why.
 */
final class RouteFailures {

	private static final Log logger = LogFactory.getLog(Router.class);

	private final List<String> failures = new ArrayList<>(4);

	static RouteFailures orNew(@Nullable RouteFailures failures) {
		return (failures != null) ? failures : new RouteFailures();
	}

	/** {@code replica}'s health did not let a connection be taken. */
	void unavailable(GuardedTarget replica) {
		this.failures.add(replica.name() + ": " + replica.health().describe());
	}

	/** {@code replica}'s pool could not give a connection: the next target is tried. */
	void failed(GuardedTarget replica, SQLException failure) {
		failedToo(replica, failure);
		logger.warn(replica.name() + " - could not give a connection, trying the next target: "
				+ JdbcUrls.reduceWithin(failure.getMessage()));
	}

	/** {@code target}'s pool could not give a connection either. */
	void failedToo(GuardedTarget target, SQLException failure) {
		this.failures.add(target.name() + ": " + JdbcUrls.reduceWithin(failure.getMessage()));
	}

	/**
	 * The error of a read that no replica is proved fresh enough for, with fallback off: how stale
	 * each candidate may be, and why the others were none.
	 */
	static NoRouteAvailableException tooStale(List<GuardedTarget> replicas, List<GuardedTarget> candidates,
			long nowMillis, long maxStalenessMillis, @Nullable String method) {
		RouteFailures failures = new RouteFailures();
		for (GuardedTarget replica : candidates) {
			long staleness = replica.health().stalenessMillis(nowMillis);
			failures.failures.add(replica.name() + ": " + ((staleness == Long.MAX_VALUE) ? "staleness unknown"
					: "up to " + staleness + " ms stale"));
		}
		failures.notCandidates(replicas, candidates);
		return failures.noRoute("none is proved within @MaxStaleness(" + maxStalenessMillis + "ms) of " + method
				+ ", and replica-routing.fallback-to-primary is false: loosen the bound, or allow the fallback");
	}

	/** The replicas that were no candidates for the read, and why. */
	void notCandidates(List<GuardedTarget> replicas, List<GuardedTarget> candidates) {
		if (candidates.size() == replicas.size()) {
			return;
		}
		for (GuardedTarget replica : replicas) {
			if (!candidates.contains(replica)) {
				if (replica.isCandidate()) {
					this.failures.add(replica.name() + ": not known to have the scope's writes");
				}
				else {
					unavailable(replica);
				}
			}
		}
	}

	NoRouteAvailableException noRoute(String why) {
		String tried = this.failures.isEmpty() ? "no replica is configured" : String.join("; ", this.failures);
		return new NoRouteAvailableException("No target could serve the read (" + why + "). Tried: " + tried);
	}

}
