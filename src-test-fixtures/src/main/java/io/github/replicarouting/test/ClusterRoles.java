package io.github.replicarouting.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.replicarouting.RoutingDecision;

/**
 * Who is the primary now and which node each replica was last pointed at. Node names are the
 * identities of servers and never move; roles do, with switchovers and failovers. A node that is
 * neither the primary nor a replica is detached: promoted on its own, or a failed primary that
 * a failover left behind.
 */
final class ClusterRoles {

	private volatile String primary = RoutingDecision.PRIMARY;

	/** Each replica's upstream: the node its replication was last pointed at. */
	private final Map<String, String> upstreams = new ConcurrentHashMap<>();

	String primary() {
		return this.primary;
	}

	boolean isReplica(String name) {
		return this.upstreams.containsKey(name);
	}

	/** Whether a replica still points at a node that is no longer the primary (it was down when the primary changed). */
	boolean followsFormerPrimary(String name) {
		String upstream = this.upstreams.get(name);
		return upstream != null && !upstream.equals(this.primary);
	}

	/** The node replicates from the current primary. */
	void follows(String name) {
		this.upstreams.put(name, this.primary);
	}

	/** The node replicates from no one any more, and is not the primary either. */
	void detach(String name) {
		this.upstreams.remove(name);
	}

	/** The node is the primary now; the former primary is detached until told otherwise. */
	void takeOver(String name) {
		this.upstreams.remove(name);
		this.primary = name;
	}

	String describe(String name) {
		if (name.equals(this.primary)) {
			return "the primary";
		}
		String upstream = this.upstreams.get(name);
		return (upstream != null) ? "a replica of " + upstream : "detached (promoted, or a former primary)";
	}

}
