package io.github.replicarouting.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import io.github.replicarouting.ReplicaRoutingDataSource;

/**
 * Lets non-transactional reads reach replicas once the application context has started, and not
 * before: schema migrations (Flyway, Liquibase), {@code spring.sql.init} scripts and Hibernate's
 * DDL all run during startup, outside any transaction, and must run on the primary.
 */
final class ReplicaRoutingStartup implements SmartLifecycle {

	private final ObjectProvider<ReplicaRoutingDataSource> dataSource;

	private volatile boolean running;

	ReplicaRoutingStartup(ObjectProvider<ReplicaRoutingDataSource> dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void start() {
		this.dataSource.ifAvailable(ReplicaRoutingDataSource::start);
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
