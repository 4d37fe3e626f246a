package io.github.replicarouting.test.mariadb;

import java.time.Duration;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.ReplicatedCluster;
import io.github.replicarouting.test.internal.MariaDbReplication;

/**
 * A MariaDB primary with GTID replicas, embedded ({@link ReplicatedMariaDb}) or in containers: the
 * replication controls both have, in SQL on the nodes themselves.
 *
 * @param <N> the type of its nodes
 */
public abstract class MariaDbCluster<N extends ClusterNode> extends ReplicatedCluster<N> {

	protected MariaDbCluster(Duration timeout) {
		super(timeout);
	}

	/**
	 * Stops a replica's SQL (applier) thread, {@code STOP SLAVE SQL_THREAD}: it keeps serving the
	 * data it has and keeps receiving the primary's binary log, but applies nothing. Its
	 * {@code Seconds_Behind_Master} becomes {@code NULL}.
	 * @param replica the replica's name
	 */
	public void pauseReplication(String replica) {
		replication().pause(target(replica(replica)));
	}

	/**
	 * Delays a replica's applier by {@code delay} ({@code MASTER_DELAY}): both replication threads
	 * keep running, as in a replica that is merely behind, and {@code Seconds_Behind_Master} grows
	 * with the time its oldest unapplied transaction waits. Ended by {@link #resumeReplication}.
	 * @param replica the replica's name
	 * @param delay how long each transaction waits before the replica applies it, at least a second
	 */
	public void delayReplication(String replica, Duration delay) {
		replication().delay(target(replica(replica)), delay);
	}

	/**
	 * Lets a replica apply again after {@link #pauseReplication} or {@link #delayReplication}.
	 * Returns once both replication threads run; {@link #awaitReplicated} waits for it to catch up.
	 * @param replica the replica's name
	 */
	public void resumeReplication(String replica) {
		replication().resume(target(replica(replica)));
	}

	/**
	 * The primary's current GTID position ({@code @@gtid_binlog_pos}). Every transaction committed
	 * on the primary before the call lies at or before it.
	 * @return the position
	 */
	public GtidPosition primaryGtidPosition() {
		return replication().primaryPosition(target(primary()));
	}

	/**
	 * The position up to which a replica has applied the primary's transactions
	 * ({@code @@gtid_slave_pos}): the data it serves includes everything up to it.
	 * @param replica the replica's name
	 * @return the position, empty when it has applied nothing
	 */
	public GtidPosition replayedGtidPosition(String replica) {
		return replication().appliedPosition(target(replica(replica)));
	}

	/**
	 * Waits ({@code MASTER_GTID_WAIT}) until a replica has applied everything the primary had
	 * committed when this was called.
	 * @param replica the replica's name
	 * @throws ReplicatedMariaDbException if it has not within the cluster's timeout (for example
	 * because its replication is paused)
	 */
	public void awaitReplicated(String replica) {
		replication().await(target(replica(replica)), primaryGtidPosition());
	}

	/**
	 * Waits until every running replica has applied everything the primary had committed.
	 * @throws ReplicatedMariaDbException if one has not within the cluster's timeout
	 */
	public void awaitAllReplicated() {
		GtidPosition target = primaryGtidPosition();
		MariaDbReplication replication = replication();
		replicas().stream().filter(ClusterNode::isRunning).forEach((node) -> replication.await(target(node), target));
	}

	/**
	 * Promotes a replica to a primary that accepts writes: {@code STOP SLAVE; RESET SLAVE ALL;
	 * SET GLOBAL read_only=0}, and it no longer starts read-only. The other replicas keep
	 * following the old primary.
	 * @param replica the replica's name
	 */
	public void promote(String replica) {
		N node = replica(replica);
		replication().promote(target(node));
		promoted(node);
	}

	/** After {@link #promote}: make the node start writable from now on. */
	protected abstract void promoted(N node);

	/** A node as the replication controls reach it. */
	protected abstract MariaDbReplication.Node target(N node);

	/** The replication controls, with this cluster's timeout. */
	protected final MariaDbReplication replication() {
		return new MariaDbReplication(timeout());
	}

}
