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
import org.openjdk.jmh.annotations.Threads;

/**
 * Read-only transactions per second from 1, 8 and 32 threads sharing one data source (pools of
 * {@value Pools#SIZE}), on the PostgreSQL pair: a routing layer with a global lock or a
 * contended counter on its hot path would fall behind plain HikariCP as threads are added.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConcurrencyBenchmark extends TrialBenchmark {

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
	@Threads(1)
	public @Nullable String readOnly1Thread() {
		return this.work.readOnlyTransaction(Trial.nextId());
	}

	@Benchmark
	@Threads(8)
	public @Nullable String readOnly8Threads() {
		return this.work.readOnlyTransaction(Trial.nextId());
	}

	@Benchmark
	@Threads(32)
	public @Nullable String readOnly32Threads() {
		return this.work.readOnlyTransaction(Trial.nextId());
	}

}
