package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * What routing chose for one piece of work: the target, the physical connection taken from it,
 * why, and whether the route only reads (so that a write on it is refused, wherever it ended up:
 * a read that fell back to the primary stays read-only).
 *
 * @param target the target that serves the work
 * @param connection the physical connection taken from it
 * @param reason why it was chosen
 * @param readOnly whether the route only reads
 * @param budget the fallback budget the connection holds a place in, given back with it, or
 * {@code null}
 */
record Routed(GuardedTarget target, Connection connection, RoutingReason reason, boolean readOnly,
		@Nullable FallbackBudget budget) {

	Routed(GuardedTarget target, Connection connection, RoutingReason reason, boolean readOnly) {
		this(target, connection, reason, readOnly, null);
	}

	String name() {
		return this.target.name();
	}

	/** Gives the physical connection back to its target's pool. */
	void release() throws SQLException {
		try {
			this.target.release(this.connection);
		}
		finally {
			if (this.budget != null) {
				this.budget.release();
			}
		}
	}

}
