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
 * What routing costs: one end-to-end transaction through the router against the same through
 * plain HikariCP pools with the same settings, on H2 in memory (where any overhead shows most)
 * and on a real PostgreSQL primary/replica pair. Run with {@code -prof gc} for the bytes each
 * transaction allocates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingOverheadBenchmark extends TrialBenchmark {

	@Param({ "h2", "postgresql" })
	@SuppressWarnings("NullAway.Init") // set by JMH before the trial
	public String database;

	@Param({ "hikari", "router", "router-statistics", "router-causal" })
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
