package io.github.replicarouting.benchmarks;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The router against the libraries a team would pick instead, on the same PostgreSQL
 * primary/replica pair doing the same transactions, with plain HikariCP as the floor. The router
 * runs as the auto-configuration builds it (with its statistics listener).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PeerBenchmark extends TrialBenchmark {

	@Param({ "postgresql" })
	@SuppressWarnings("NullAway.Init") // set by JMH before the trial
	public String database;

	@Param({ "hikari", "router-statistics", "spring-lazy", "aws-srw", "shardingsphere", "dynamic-datasource" })
	@SuppressWarnings("NullAway.Init") // set by JMH before the trial
	public String contender;

	@Override
	String database() {
		return this.database;
	}

	@Override
	String contender() {
		return this.contender;
	}

	@Benchmark
	public @Nullable String readOnlyTransaction() {
		return this.work.readOnlyTransaction(Trial.nextId());
	}

	@Benchmark
	public int readWriteTransaction() {
		return this.work.readWriteTransaction(Trial.nextId());
	}

}
