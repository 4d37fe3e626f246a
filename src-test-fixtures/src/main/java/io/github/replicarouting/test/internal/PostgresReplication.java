package io.github.replicarouting.test.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

import io.github.replicarouting.test.Lsn;
import io.github.replicarouting.test.ReplicatedPostgresException;

/**
 * The replication controls of a PostgreSQL cluster, embedded or containerized, in SQL: replay
 * pause and resume, positions, catching up, promotion.
 */
public final class PostgresReplication {

	private final Duration timeout;

	public PostgresReplication(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * A node as the controls reach it.
	 *
	 * @param name the node's name, for messages
	 * @param connections connections as the fixture's own user
	 * @param logTail the end of the node's log, for failure messages
	 */
	public record Node(String name, Jdbc.ConnectionSource connections, Supplier<String> logTail) {

	}

	/**
	 * Requests the pause, then waits for the startup process to confirm it: until then the
	 * replica may still apply WAL it has received.
	 */
	public void pause(Node replica) {
		queryValueOrFail(replica, "select pg_wal_replay_pause()");
		Poll.until(this.timeout, () -> "paused".equals(pauseState(replica)),
				() -> new ReplicatedPostgresException(replica.name() + ": replay not paused after " + this.timeout
						+ " (state: " + pauseState(replica) + ")"));
	}

	public void resume(Node replica) {
		queryValueOrFail(replica, "select pg_wal_replay_resume()");
	}

	public Lsn primaryPosition(Node primary) {
		return Lsn.parse(queryValueOrFail(primary, "select pg_current_wal_lsn()"));
	}

	public Lsn replayedPosition(Node replica) {
		String position = queryValueOrFail(replica, "select pg_last_wal_replay_lsn()");
		return (position != null) ? Lsn.parse(position) : null;
	}

	public void await(Node replica, Lsn target) {
		Poll.until(this.timeout, () -> {
			Lsn replayed = replayedPosition(replica);
			return replayed != null && replayed.isAtLeast(target);
		}, () -> new ReplicatedPostgresException(replica.name() + ": replayed " + replayedPosition(replica)
				+ ", not yet the primary's " + target + " after " + this.timeout + " (replay "
				+ pauseState(replica) + ")" + replica.logTail().get()));
	}

	/** Promotes and waits until the replica has left recovery. */
	public void promote(Node replica) {
		String promoted = queryValueOrFail(replica,
				"select pg_promote(true, " + Math.max(1, this.timeout.toSeconds()) + ")");
		if (!"t".equals(promoted) && !"true".equals(promoted)) {
			throw new ReplicatedPostgresException(
					replica.name() + ": not promoted within " + this.timeout + replica.logTail().get());
		}
		Poll.until(this.timeout, () -> "f".equals(inRecovery(replica)),
				() -> new ReplicatedPostgresException(replica.name() + ": still in recovery after promotion"));
	}

	private static String inRecovery(Node replica) {
		String value = queryValueOrFail(replica, "select pg_is_in_recovery()::text");
		return (value != null && value.startsWith("f")) ? "f" : "t";
	}

	private static String pauseState(Node replica) {
		try {
			return Jdbc.queryValue(replica.connections(), "select pg_get_wal_replay_pause_state()");
		}
		catch (SQLException ex) {
			return "unknown: " + ex.getMessage();
		}
	}

	private static String queryValueOrFail(Node node, String sql) {
		return Jdbc.queryValueOrFail(node.name(), node.connections(), sql, ReplicatedPostgresException::new);
	}

}
