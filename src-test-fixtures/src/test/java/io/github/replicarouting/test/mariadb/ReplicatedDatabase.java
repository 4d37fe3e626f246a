package io.github.replicarouting.test.mariadb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.PostgresNode;
import io.github.replicarouting.test.ReplicatedPostgres;

/**
 * What the vendor-neutral scenarios need from a replicated cluster, whatever the database: which
 * port is whose, a replica that falls behind while staying a healthy-looking replica, crashes and
 * restarts. One implementation per fixture.
 */
public interface ReplicatedDatabase {

	String vendor();

	/** The port of each routing target, by the name the router reports it by. */
	Map<String, Integer> portsByTarget();

	default int primaryPort() {
		return portsByTarget().get(RoutingDecision.PRIMARY);
	}

	default Set<Integer> replicaPorts() {
		return portsByTarget().entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().equals(RoutingDecision.PRIMARY))
			.map(Map.Entry::getValue)
			.collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * Make every replica miss every write from now on while it keeps reporting a lag that grows
	 * only with time (so it stays in rotation under a generous {@code max-replication-lag}).
	 */
	void holdBackReplicas();

	/** Undo {@link #holdBackReplicas()} and wait until every replica has caught up. */
	void releaseReplicas();

	void awaitAllReplicated();

	void kill(String node);

	void start(String node);

	static ReplicatedDatabase of(ReplicatedMariaDb cluster) {
		return new ReplicatedDatabase() {

			@Override
			public String vendor() {
				return "MariaDB";
			}

			@Override
			public Map<String, Integer> portsByTarget() {
				Map<String, Integer> ports = new LinkedHashMap<>();
				ports.put(RoutingDecision.PRIMARY, cluster.primary().port());
				cluster.replicas().forEach((replica) -> ports.put(replica.name(), replica.port()));
				return ports;
			}

			/**
			 * A delayed applier, not a stopped one: a stopped SQL thread reports a NULL lag, which
			 * the router rightly treats as unbounded and so takes the replica out of rotation.
			 */
			@Override
			public void holdBackReplicas() {
				cluster.replicas().forEach((replica) -> cluster.delayReplication(replica.name(), java.time.Duration.ofHours(1)));
			}

			@Override
			public void releaseReplicas() {
				cluster.replicas().forEach((replica) -> cluster.resumeReplication(replica.name()));
				cluster.awaitAllReplicated();
			}

			@Override
			public void awaitAllReplicated() {
				cluster.awaitAllReplicated();
			}

			@Override
			public void kill(String node) {
				cluster.kill(node);
			}

			@Override
			public void start(String node) {
				cluster.start(node);
			}

		};
	}

	static ReplicatedDatabase of(ReplicatedPostgres cluster) {
		return new ReplicatedDatabase() {

			@Override
			public String vendor() {
				return "PostgreSQL";
			}

			@Override
			public Map<String, Integer> portsByTarget() {
				Map<String, Integer> ports = new LinkedHashMap<>();
				ports.put(RoutingDecision.PRIMARY, cluster.primary().port());
				cluster.replicas().forEach((replica) -> ports.put(replica.name(), replica.port()));
				return ports;
			}

			@Override
			public void holdBackReplicas() {
				cluster.replicas().forEach((replica) -> cluster.pauseReplay(replica.name()));
			}

			@Override
			public void releaseReplicas() {
				cluster.replicas().forEach((replica) -> cluster.resumeReplay(replica.name()));
				cluster.awaitAllReplicated();
			}

			@Override
			public void awaitAllReplicated() {
				cluster.awaitAllReplicated();
			}

			@Override
			public void kill(String node) {
				cluster.kill(node);
			}

			@Override
			public void start(String node) {
				cluster.start(node);
			}

		};
	}

}
