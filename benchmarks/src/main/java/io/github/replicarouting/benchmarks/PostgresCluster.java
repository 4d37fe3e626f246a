package io.github.replicarouting.benchmarks;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;

/**
 * The one PostgreSQL primary/replica pair of this JVM, started on first use and stopped when the
 * JVM exits (the fixture's shutdown hook). One per JVM, not per benchmark, because an in-process
 * run (the smoke test) goes through every benchmark in one JVM, and a forked run has one
 * benchmark per JVM anyway.
 */
final class PostgresCluster {

	static final String REPLICA = "replica-1";

	private static @Nullable ReplicatedPostgres cluster;

	private static @Nullable Endpoints endpoints;

	private PostgresCluster() {
	}

	static synchronized Endpoints endpoints() {
		if (endpoints == null) {
			cluster = ReplicatedPostgres.builder().replicas(1).start();
			ClusterNode primary = cluster.primary();
			ClusterNode replica = cluster.replica(REPLICA);
			Endpoints started = new Endpoints(Database.POSTGRESQL, primary.jdbcUrl(), replica.jdbcUrl(),
					"127.0.0.1:" + primary.port(), "127.0.0.1:" + replica.port(), primary.username(),
					primary.password());
			Database.createSchema(started.primaryUrl(), started, "primary");
			cluster.awaitReplicated(REPLICA);
			endpoints = started;
		}
		return endpoints;
	}

	/**
	 * Stops the cluster now rather than at exit, for in-process runs that want their cores back.
	 */
	static synchronized void stop() {
		if (cluster != null) {
			cluster.close();
			cluster = null;
			endpoints = null;
		}
	}

}
