package io.github.replicarouting.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import io.github.replicarouting.ReplicaRoutingAdvisor;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.ReplicationPositions;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * Starts the replica probes and lets non-transactional reads reach replicas once the application
 * context has started, and not before: schema migrations (Flyway, Liquibase), {@code spring.sql.init} scripts and Hibernate's
 * DDL all run during startup, outside any transaction, and must run on the primary.
 */
final class ReplicaRoutingStartup implements SmartLifecycle {

	private final ObjectProvider<ReplicaMonitor> monitor;

	private final ObjectProvider<ReplicaRoutingAdvisor> advisor;

	private final ObjectProvider<ReplicationPositions> positions;

	private final ListableBeanFactory beans;

	private volatile @Nullable ReplicaRoutingDataSource dataSource;

	private final List<Group> groups = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	ReplicaRoutingStartup(ObjectProvider<ReplicaMonitor> monitor, ObjectProvider<ReplicaRoutingAdvisor> advisor,
			ObjectProvider<ReplicationPositions> positions, ListableBeanFactory beans) {
		this.monitor = monitor;
		this.advisor = advisor;
		this.positions = positions;
		this.beans = beans;
	}

	/**
	 * The data source to start, as its bean method built it: the bean itself may be replaced by a
	 * wrapper of another type by then.
	 */
	void starts(ReplicaRoutingDataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * A shard's group to start as the single group is: its data source and its own monitor.
	 */
	void starts(ReplicaRoutingDataSource dataSource, ReplicaMonitor monitor) {
		this.groups.add(new Group(dataSource, monitor));
	}

	/**
	 * Checks that the database can serve every {@code @AwaitReplication} method, holds replicas
	 * back until they have replayed the schema migrations of startup ({@link MigrationBarrier}),
	 * then probes every replica once (bounded by the probe timeout, and never failing startup), so
	 * that replicas that answer serve reads from the first request, then opens non-transactional
	 * reads to replicas.
	 */
	@Override
	public void start() {
		ReplicaRoutingAdvisor advisor = this.advisor.getIfUnique();
		ReplicaRoutingDataSource dataSource = this.dataSource;
		ReplicationPositions positions = this.positions.getIfUnique();
		if (advisor != null && dataSource != null && positions != null) {
			AwaitReplicationCheck.check(advisor.replicationAwaits(), dataSource, positions);
		}
		ReplicaMonitor monitor = this.monitor.getIfUnique();
		if (monitor != null && dataSource != null && positions != null) {
			MigrationBarrier.apply(this.beans, dataSource, positions, monitor);
		}
		this.monitor.ifAvailable(ReplicaMonitor::start);
		if (dataSource != null) {
			dataSource.start();
		}
		this.groups.forEach((group) -> startGroup(group, advisor, positions));
		this.running = true;
	}

	private void startGroup(Group group, @Nullable ReplicaRoutingAdvisor advisor,
			@Nullable ReplicationPositions positions) {
		if (positions != null) {
			if (advisor != null) {
				AwaitReplicationCheck.check(advisor.replicationAwaits(), group.dataSource(), positions);
			}
			MigrationBarrier.apply(this.beans, group.dataSource(), positions, group.monitor());
		}
		group.monitor().start();
		group.dataSource().start();
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private record Group(ReplicaRoutingDataSource dataSource, ReplicaMonitor monitor) {

	}

}
