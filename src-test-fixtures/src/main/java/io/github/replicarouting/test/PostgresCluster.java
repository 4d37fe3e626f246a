package io.github.replicarouting.test;

import java.time.Duration;

import io.github.replicarouting.test.internal.PostgresLogin;
import io.github.replicarouting.test.internal.PostgresReplication;

/**
 * A PostgreSQL primary with streaming replicas, embedded ({@link ReplicatedPostgres}) or in
 * containers: the replication controls both have, in SQL on the nodes themselves.
 *
 * @param <N> the type of its nodes
 */
public abstract class PostgresCluster<N extends ClusterNode> extends ReplicatedCluster<N> {

	protected PostgresCluster(Duration timeout) {
		super(timeout);
	}

	/**
	 * Pauses WAL replay on a replica, so it keeps serving the data it has while the primary moves
	 * on: real replication lag. Returns once the replica reports replay as paused.
	 * @param replica the replica's name
	 */
	public void pauseReplay(String replica) {
		replication().pause(target(replica(replica)));
	}

	/**
	 * Resumes WAL replay on a replica paused by {@link #pauseReplay(String)}.
	 * @param replica the replica's name
	 */
	public void resumeReplay(String replica) {
		replication().resume(target(replica(replica)));
	}

	/**
	 * The primary's current WAL write position. Every transaction committed on the primary before
	 * the call lies at or before it.
	 * @return the position
	 */
	public Lsn primaryWalPosition() {
		return replication().primaryPosition(target(primary()));
	}

	/**
	 * The last WAL position a replica has replayed: the data it serves includes everything up to it.
	 * @param replica the replica's name
	 * @return the position, or {@code null} if it has replayed nothing since it started
	 */
	public Lsn replayedPosition(String replica) {
		return replication().replayedPosition(target(replica(replica)));
	}

	/**
	 * Waits until a replica has replayed everything the primary had written when this was called.
	 * @param replica the replica's name
	 * @throws ReplicatedPostgresException if it has not within the cluster's timeout (for
	 * example because its replay is paused)
	 */
	public void awaitReplicated(String replica) {
		replication().await(target(replica(replica)), primaryWalPosition());
	}

	/**
	 * Waits until every running replica has replayed everything the primary had written.
	 * @throws ReplicatedPostgresException if one has not within the cluster's timeout
	 */
	public void awaitAllReplicated() {
		Lsn target = primaryWalPosition();
		PostgresReplication replication = replication();
		replicas().stream().filter(ClusterNode::isRunning).forEach((node) -> replication.await(target(node), target));
	}

	/**
	 * Promotes a replica to a primary that accepts writes; returns once it reports
	 * {@code pg_is_in_recovery() = false}. The other replicas keep following the old primary.
	 * @param replica the replica's name
	 */
	public void promote(String replica) {
		replication().promote(target(replica(replica)));
	}

	/** The last lines of a node's log, for failure messages. */
	protected abstract String logTail(N node);

	private PostgresReplication replication() {
		return new PostgresReplication(timeout());
	}

	private PostgresReplication.Node target(N node) {
		return new PostgresReplication.Node(node.name(), () -> PostgresLogin.connect(node.jdbcUrl()),
				() -> logTail(node));
	}

}
