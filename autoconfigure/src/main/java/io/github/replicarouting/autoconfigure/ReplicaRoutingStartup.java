package io.github.replicarouting.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * Starts the replica probes and lets non-transactional reads reach replicas once the application
 * context has started, and not before: schema migrations (Flyway, Liquibase), {@code spring.sql.init} scripts and Hibernate's
 * DDL all run during startup, outside any transaction, and must run on the primary.
 */
final class ReplicaRoutingStartup implements SmartLifecycle {

	private final ObjectProvider<ReplicaMonitor> monitor;

	private volatile @Nullable ReplicaRoutingDataSource dataSource;

	private volatile boolean running;

	ReplicaRoutingStartup(ObjectProvider<ReplicaMonitor> monitor) {
		this.monitor = monitor;
	}

	/**
	 * The data source to start, as its bean method built it: the bean itself may be replaced by a
	 * wrapper of another type by then.
	 */
	void starts(ReplicaRoutingDataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Probes every replica once (bounded by the probe timeout, and never failing startup), so
	 * that replicas that answer serve reads from the first request, then opens non-transactional
	 * reads to replicas.
	 */
	@Override
	public void start() {
		this.monitor.ifAvailable(ReplicaMonitor::start);
		ReplicaRoutingDataSource dataSource = this.dataSource;
		if (dataSource != null) {
			dataSource.start();
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
