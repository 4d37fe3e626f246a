package io.github.replicarouting.test.containers;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;

/**
 * The vendor-neutral scenarios' view of a {@link ContainerizedReplicatedPostgres}: the same as
 * the embedded backend's ({@code ReplicatedDatabase.of(ReplicatedPostgres)}), replicas held back
 * by pausing their replay.
 */
final class ContainerizedDatabase implements ReplicatedDatabase {

	private final ContainerizedReplicatedPostgres cluster;

	private ContainerizedDatabase(ContainerizedReplicatedPostgres cluster) {
		this.cluster = cluster;
	}

	static ReplicatedDatabase of(Class<?> testClass) {
		return new ContainerizedDatabase(ContainerizedReplicatedPostgresExtension.cluster(testClass));
	}

	@Override
	public String vendor() {
		return "PostgreSQL in containers";
	}

	@Override
	public Map<String, Integer> portsByTarget() {
		Map<String, Integer> ports = new LinkedHashMap<>();
		ports.put(RoutingDecision.PRIMARY, this.cluster.primary().port());
		this.cluster.replicas().forEach((replica) -> ports.put(replica.name(), replica.port()));
		return ports;
	}

	@Override
	public void holdBackReplicas() {
		this.cluster.replicas().forEach((replica) -> this.cluster.pauseReplay(replica.name()));
	}

	@Override
	public void releaseReplicas() {
		this.cluster.replicas().forEach((replica) -> this.cluster.resumeReplay(replica.name()));
		this.cluster.awaitAllReplicated();
	}

	@Override
	public void awaitAllReplicated() {
		this.cluster.awaitAllReplicated();
	}

	@Override
	public void kill(String node) {
		this.cluster.kill(node);
	}

	@Override
	public void start(String node) {
		this.cluster.start(node);
	}

}
