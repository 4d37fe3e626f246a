package io.github.replicarouting.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.replicarouting.test.internal.Parallel;

/**
 * The changes of a cluster's roles, in terms of what each database implements: promotion,
 * switchover, failover, rejoin, and the start of a node whose role changed while it was down.
 * One change at a time: each reads the roles and leaves them consistent with the servers.
 *
 * @param <P> the database's replication position
 */
final class PrimaryChanges<P extends ReplicationPosition<P>> {

	private static final System.Logger logger = System.getLogger(PrimaryChanges.class.getName());

	private final ReplicatedCluster<P> cluster;

	private final ClusterRoles roles;

	PrimaryChanges(ReplicatedCluster<P> cluster, ClusterRoles roles) {
		this.cluster = cluster;
		this.roles = roles;
	}

	synchronized void start(ClusterNode node) {
		node.start(this.cluster.timeout());
		ClusterNode primary = this.cluster.currentPrimary();
		if (!this.roles.isReplica(node.name()) || !primary.isRunning()) {
			return;
		}
		if (this.roles.followsFormerPrimary(node.name())) {
			this.cluster.follow(node, primary);
			this.roles.follows(node.name());
		}
		this.cluster.awaitReplicating(node);
	}

	synchronized void promote(ClusterNode replica) {
		this.cluster.leaveReplication(replica);
		replica.promoted();
		this.roles.detach(replica.name());
	}

	/**
	 * Catch up, fence the old primary, let the successor apply the rest, promote it, and turn the
	 * old primary into a replica of it like the others.
	 */
	synchronized PrimaryChange<P> switchover(ClusterNode successor) {
		ClusterNode old = this.cluster.currentPrimary();
		requireRunning(old, "A switchover needs a running primary; failover(...) replaces one that is down");
		requireRunning(successor, "Only a running replica can take over; start it first");
		long started = System.nanoTime();
		this.cluster.awaitApplied(successor, this.cluster.writtenPosition(old));
		P last = this.cluster.fence(old, successor);
		this.cluster.awaitApplied(successor, last);
		P promoted = takeOver(successor);
		old.demoted();
		List<ClusterNode> followers = new ArrayList<>(runningReplicas());
		followers.add(old);
		Parallel.forEach(followers, (node) -> {
			if (node == old && !node.isRunning()) {
				node.start(this.cluster.timeout());
			}
			this.cluster.follow(node, successor);
		});
		followers.forEach((node) -> this.roles.follows(node.name()));
		return changed("switchover", old, successor, last, promoted, started);
	}

	/**
	 * Kill the primary, promote the successor with what it received, and make every other running
	 * replica follow it; one that holds more of the old stream than the successor is rebuilt.
	 */
	synchronized PrimaryChange<P> failover(ClusterNode successor) {
		ClusterNode old = this.cluster.currentPrimary();
		requireRunning(successor, "Only a running replica can take over; start it first");
		long started = System.nanoTime();
		P last = old.isRunning() ? lastPosition(old) : null;
		this.cluster.kill(old.name());
		P promoted = takeOver(successor);
		List<ClusterNode> followers = new ArrayList<>(runningReplicas());
		Parallel.forEach(followers, (node) -> {
			P retained = this.cluster.retainedPosition(node);
			if (promoted.isAtLeast(retained)) {
				this.cluster.follow(node, successor);
			}
			else {
				logger.log(System.Logger.Level.INFO, "{0}: holds {1} of {2}''s stream, beyond {3} where {4} took over; "
						+ "rebuilding it", node.name(), retained, old.name(), promoted, successor.name());
				rebuild(node, successor);
			}
		});
		followers.forEach((node) -> this.roles.follows(node.name()));
		return changed("failover", old, successor, last, promoted, started);
	}

	synchronized Duration rejoin(ClusterNode node) {
		ClusterNode primary = this.cluster.currentPrimary();
		if (node == primary) {
			throw new IllegalArgumentException("'" + node.name() + "' is the current primary; only another node can "
					+ "rejoin it as a replica");
		}
		requireRunning(primary, "A node rejoins a running primary; start " + primary.name() + " first");
		long started = System.nanoTime();
		rebuild(node, primary);
		this.roles.follows(node.name());
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		logger.log(System.Logger.Level.INFO, "{0}: rejoined {1} as a replica in {2} ms", node.name(), primary.name(),
				took.toMillis());
		return took;
	}

	/** Promotes and records the successor as the primary; the old primary is detached. */
	private P takeOver(ClusterNode successor) {
		P promoted = this.cluster.leaveReplication(successor);
		successor.promoted();
		this.roles.takeOver(successor.name());
		return promoted;
	}

	/** A fresh copy of the initial data that has replicated everything from {@code primary}. */
	private void rebuild(ClusterNode node, ClusterNode primary) {
		if (node.isRunning()) {
			node.stop(this.cluster.timeout());
		}
		node.reseed(primary.peerHost(), primary.port());
		node.start(this.cluster.timeout());
		this.cluster.replicateFromStart(node, primary);
	}

	/** Where the old primary was just before the kill; unknown if it no longer answers. */
	private P lastPosition(ClusterNode primary) {
		try {
			return this.cluster.writtenPosition(primary);
		}
		catch (ReplicatedClusterException ex) {
			logger.log(System.Logger.Level.INFO, "{0}: no position before the kill: {1}", primary.name(),
					ex.getMessage());
			return null;
		}
	}

	private List<ClusterNode> runningReplicas() {
		return this.cluster.currentReplicas().stream().filter(ClusterNode::isRunning).toList();
	}

	private PrimaryChange<P> changed(String what, ClusterNode old, ClusterNode successor, P last, P promoted,
			long started) {
		PrimaryChange<P> change = new PrimaryChange<>(old.name(), successor.name(), last, promoted,
				Duration.ofNanos(System.nanoTime() - started));
		logger.log(System.Logger.Level.INFO, "{0}: took over from {1} in a {2} in {3} ms (promoted at {4}, {1} last at {5})",
				successor.name(), old.name(), what, change.duration().toMillis(), promoted, last);
		return change;
	}

	private static void requireRunning(ClusterNode node, String advice) {
		if (!node.isRunning()) {
			throw new ReplicatedClusterException(node.name() + " is not running. " + advice + ".");
		}
	}

}
