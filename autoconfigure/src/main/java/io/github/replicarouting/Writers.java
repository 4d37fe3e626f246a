package io.github.replicarouting;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The nodes that may take writes and which one does now: the configured primary alone, or, in
 * {@code failover.mode: follow}, the one the {@link WriterSelection} chose among the primary and
 * the replicas, each behind its health as a writer. What keeps failover out of {@link Router}.
 */
final class Writers {

	private final GuardedTarget configured;

	private final Map<String, GuardedTarget> byName = new LinkedHashMap<>();

	private final @Nullable WriterSelection selection;

	Writers(GuardedTarget configured, List<GuardedTarget> others, @Nullable WriterSelection selection) {
		this.configured = configured;
		this.byName.put(configured.name(), configured);
		others.forEach((writer) -> this.byName.put(writer.name(), writer));
		this.selection = selection;
	}

	/** The configured primary. */
	GuardedTarget configured() {
		return this.configured;
	}

	/**
	 * The node writes go to now.
	 * @throws SQLException when no node may take writes ({@link SplitBrainException})
	 */
	GuardedTarget current() throws SQLException {
		if (this.selection == null) {
			return this.configured;
		}
		GuardedTarget writer = this.byName.get(this.selection.writer());
		return (writer != null) ? writer : this.configured;
	}

	/** The node writes go to now, or the configured primary when none may take them. */
	GuardedTarget currentOrConfigured() {
		try {
			return current();
		}
		catch (SQLException ex) {
			return this.configured;
		}
	}

	/**
	 * A connection on the node writes go to now for a read no reader could serve, within the
	 * fallback budget when there is one; the place in the budget goes back with the connection.
	 * @param route the read's route
	 * @param failures what happened to the readers tried
	 * @param budget how many reads may fall back at once, or {@code null} for no limit
	 * @throws SQLException naming every target tried, when the budget is spent or the node fails
	 */
	Routed fallBack(Route route, RouteFailures failures, @Nullable FallbackBudget budget) throws SQLException {
		if (budget != null && !budget.tryAcquire()) {
			throw failures.noRoute(budget.refusal());
		}
		GuardedTarget writer = currentOrConfigured();
		Routed fallback = null;
		try {
			writer = current();
			fallback = new Routed(writer, writer.getConnection(route.readOnly()), RoutingReason.FALLBACK, route.readOnly(),
					budget);
			return fallback;
		}
		catch (SQLException ex) {
			failures.failedToo(writer, ex);
			throw failures.noRoute("the primary failed too");
		}
		finally {
			if (fallback == null && budget != null) {
				budget.release();
			}
		}
	}

}
