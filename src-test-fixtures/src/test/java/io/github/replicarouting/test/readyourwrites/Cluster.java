package io.github.replicarouting.test.readyourwrites;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.PostgresNode;
import io.github.replicarouting.test.ReplicatedPostgres;

/**
 * What the read-your-writes tests need to know and do about the cluster: which port is whose,
 * and replication lag on every replica at once.
 */
final class Cluster {

	private Cluster() {
	}

	static int primaryPort(ReplicatedPostgres cluster) {
		return cluster.primary().port();
	}

	static Set<Integer> replicaPorts(ReplicatedPostgres cluster) {
		return cluster.replicas().stream().map(PostgresNode::port).collect(Collectors.toUnmodifiableSet());
	}

	/** The port of each routing target, by the name the router reports it by. */
	static Map<String, Integer> portsByTarget(ReplicatedPostgres cluster) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		ports.put(RoutingDecision.PRIMARY, cluster.primary().port());
		cluster.replicas().forEach((replica) -> ports.put(replica.name(), replica.port()));
		return ports;
	}

	/** Pause replay on every replica: from now on, a read on a replica misses every new write. */
	static void pauseReplay(ReplicatedPostgres cluster) {
		cluster.replicas().forEach((replica) -> cluster.pauseReplay(replica.name()));
	}

	/** Resume replay on every replica and wait until they have caught up. */
	static void resumeReplay(ReplicatedPostgres cluster) {
		cluster.replicas().forEach((replica) -> cluster.resumeReplay(replica.name()));
		cluster.awaitAllReplicated();
	}

}
