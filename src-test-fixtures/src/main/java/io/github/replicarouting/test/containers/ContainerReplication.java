package io.github.replicarouting.test.containers;

import java.sql.SQLException;
import java.time.Duration;

import io.github.replicarouting.test.Lsn;
import io.github.replicarouting.test.ReplicatedPostgresException;

/**
 * The replication controls of a containerized cluster, in SQL: replay pause and resume,
 * positions, catching up, promotion. The same statements as the embedded backend's.
 */
final class ContainerReplication {

	private final Duration timeout;

	ContainerReplication(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Requests the pause, then waits for the startup process to confirm it: until then the
	 * replica may still apply WAL it has received.
	 */
	void pause(ContainerizedPostgresNode replica) {
		ContainerSql.queryValueOrFail(replica, "select pg_wal_replay_pause()");
		Waits.until(this.timeout, () -> "paused".equals(pauseState(replica)),
				() -> new ReplicatedPostgresException(replica.name() + ": replay not paused after " + this.timeout
						+ " (state: " + pauseState(replica) + ")"));
	}

	void resume(ContainerizedPostgresNode replica) {
		ContainerSql.queryValueOrFail(replica, "select pg_wal_replay_resume()");
	}

	Lsn primaryPosition(ContainerizedPostgresNode primary) {
		return Lsn.parse(ContainerSql.queryValueOrFail(primary, "select pg_current_wal_lsn()"));
	}

	Lsn replayedPosition(ContainerizedPostgresNode replica) {
		String position = ContainerSql.queryValueOrFail(replica, "select pg_last_wal_replay_lsn()");
		return (position != null) ? Lsn.parse(position) : null;
	}

	void await(ContainerizedPostgresNode replica, Lsn target) {
		Waits.until(this.timeout, () -> {
			Lsn replayed = replayedPosition(replica);
			return replayed != null && replayed.isAtLeast(target);
		}, () -> new ReplicatedPostgresException(replica.name() + ": replayed " + replayedPosition(replica)
				+ ", not yet the primary's " + target + " after " + this.timeout + " (replay " + pauseState(replica)
				+ ")" + replica.container().logTail()));
	}

	void promote(ContainerizedPostgresNode replica) {
		String promoted = ContainerSql.queryValueOrFail(replica,
				"select pg_promote(true, " + Math.max(1, this.timeout.toSeconds()) + ")");
		if (!"t".equals(promoted) && !"true".equals(promoted)) {
			throw new ReplicatedPostgresException(
					replica.name() + ": not promoted within " + this.timeout + replica.container().logTail());
		}
		Waits.until(this.timeout, () -> "f".equals(inRecovery(replica)),
				() -> new ReplicatedPostgresException(replica.name() + ": still in recovery after promotion"));
		replica.container().promoted();
	}

	private static String inRecovery(ContainerizedPostgresNode replica) {
		String value = ContainerSql.queryValueOrFail(replica, "select pg_is_in_recovery()::text");
		return (value != null && value.startsWith("f")) ? "f" : "t";
	}

	private static String pauseState(ContainerizedPostgresNode replica) {
		try {
			return ContainerSql.queryValue(replica, "select pg_get_wal_replay_pause_state()");
		}
		catch (SQLException ex) {
			return "unknown: " + ex.getMessage();
		}
	}

}
