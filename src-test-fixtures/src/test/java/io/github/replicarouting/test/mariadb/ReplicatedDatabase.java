package io.github.replicarouting.test.mariadb;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.Backend;
import io.github.replicarouting.test.ReplicatedCluster;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;

/**
 * What the vendor-neutral scenarios need from a replicated cluster, whatever the database and
 * wherever it runs: which port is whose, a replica that falls behind while staying a
 * healthy-looking replica, crashes and restarts. One factory per fixture.
 */
public interface ReplicatedDatabase {

	/** How far a MariaDB replica's applier is delayed to hold it back: longer than any test. */
	Duration HELD_BACK = Duration.ofHours(1);

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

	/**
	 * MariaDB replicas are held back by a delayed applier, not a stopped one: a stopped SQL thread
	 * reports a NULL lag, which the router rightly treats as unbounded and so takes the replica
	 * out of rotation.
	 */
	static ReplicatedDatabase of(ReplicatedMariaDb cluster) {
		return new Controls(vendor("MariaDB", cluster), ports(cluster),
				(replica) -> cluster.delayReplication(replica, HELD_BACK), cluster::resumeReplication,
				cluster::awaitAllReplicated, cluster::kill, cluster::start);
	}

	/** PostgreSQL replicas are held back by pausing their replay. */
	static ReplicatedDatabase of(ReplicatedPostgres cluster) {
		return new Controls(vendor("PostgreSQL", cluster), ports(cluster), cluster::pauseReplication,
				cluster::resumeReplication, cluster::awaitAllReplicated, cluster::kill, cluster::start);
	}

	private static String vendor(String database, ReplicatedCluster<?> cluster) {
		return (cluster.backend() == Backend.CONTAINERS) ? database + " in containers" : database;
	}

	private static Map<String, Integer> ports(ReplicatedCluster<?> cluster) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		ports.put(RoutingDecision.PRIMARY, cluster.primary().port());
		cluster.replicas().forEach((replica) -> ports.put(replica.name(), replica.port()));
		return ports;
	}

	/**
	 * A fixture's controls by reference. Ports stay the same across stops, kills and starts.
	 *
	 * @param vendor the database and where it runs, for messages
	 * @param portsByTarget the port of each routing target
	 * @param holdBack holds one replica back, by name
	 * @param release releases one replica, by name
	 * @param awaitAll waits until every running replica has caught up
	 * @param killNode kills a node, by name
	 * @param startNode starts a node, by name
	 */
	record Controls(String vendor, Map<String, Integer> portsByTarget, Consumer<String> holdBack,
			Consumer<String> release, Runnable awaitAll, Consumer<String> killNode,
			Consumer<String> startNode) implements ReplicatedDatabase {

		@Override
		public void holdBackReplicas() {
			replicaNames().forEach(this.holdBack);
		}

		@Override
		public void releaseReplicas() {
			replicaNames().forEach(this.release);
			this.awaitAll.run();
		}

		@Override
		public void awaitAllReplicated() {
			this.awaitAll.run();
		}

		@Override
		public void kill(String node) {
			this.killNode.accept(node);
		}

		@Override
		public void start(String node) {
			this.startNode.accept(node);
		}

		private List<String> replicaNames() {
			return this.portsByTarget.keySet().stream().filter((name) -> !RoutingDecision.PRIMARY.equals(name)).toList();
		}

	}

}
