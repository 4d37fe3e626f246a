package io.github.replicarouting.test;

import java.time.Duration;

/**
 * The replication controls of a cluster, in SQL: replay pause and resume, positions, catching
 * up, promotion.
 */
final class Replication {

	private final ReplicatedPostgres cluster;

	private final Duration timeout;

	Replication(ReplicatedPostgres cluster, Duration timeout) {
		this.cluster = cluster;
		this.timeout = timeout;
	}

	/**
	 * Requests the pause, then waits for the startup process to confirm it: until then the
	 * replica may still apply WAL it has received.
	 */
	void pause(PostgresNode replica) {
		Sql.queryValueOrFail(replica.name(), replica.port(), "select pg_wal_replay_pause()");
		Poll.until(this.timeout, () -> "paused".equals(pauseState(replica)),
				() -> new ReplicatedPostgresException(replica.name() + ": replay not paused after " + this.timeout
						+ " (state: " + pauseState(replica) + ")"));
	}

	void resume(PostgresNode replica) {
		Sql.queryValueOrFail(replica.name(), replica.port(), "select pg_wal_replay_resume()");
	}

	Lsn primaryPosition() {
		PostgresNode primary = this.cluster.primary();
		return Lsn.parse(Sql.queryValueOrFail(primary.name(), primary.port(), "select pg_current_wal_lsn()"));
	}

	Lsn replayedPosition(PostgresNode replica) {
		String position = Sql.queryValueOrFail(replica.name(), replica.port(), "select pg_last_wal_replay_lsn()");
		return (position != null) ? Lsn.parse(position) : null;
	}

	void await(PostgresNode replica, Lsn target) {
		Poll.until(this.timeout, () -> {
			Lsn replayed = replayedPosition(replica);
			return replayed != null && replayed.isAtLeast(target);
		}, () -> new ReplicatedPostgresException(replica.name() + ": replayed " + replayedPosition(replica)
				+ ", not yet the primary's " + target + " after " + this.timeout + " (replay "
				+ pauseState(replica) + ")" + replica.server().logTail()));
	}

	void promote(PostgresNode replica) {
		String promoted = Sql.queryValueOrFail(replica.name(), replica.port(),
				"select pg_promote(true, " + Math.max(1, this.timeout.toSeconds()) + ")");
		if (!"t".equals(promoted) && !"true".equals(promoted)) {
			throw new ReplicatedPostgresException(
					replica.name() + ": not promoted within " + this.timeout + replica.server().logTail());
		}
		Poll.until(this.timeout, () -> "f".equals(inRecovery(replica)),
				() -> new ReplicatedPostgresException(replica.name() + ": still in recovery after promotion"));
	}

	private String inRecovery(PostgresNode replica) {
		String value = Sql.queryValueOrFail(replica.name(), replica.port(), "select pg_is_in_recovery()::text");
		return (value != null && value.startsWith("f")) ? "f" : "t";
	}

	private static String pauseState(PostgresNode replica) {
		try {
			return Sql.queryValue(replica.port(), "select pg_get_wal_replay_pause_state()");
		}
		catch (java.sql.SQLException ex) {
			return "unknown: " + ex.getMessage();
		}
	}

}
