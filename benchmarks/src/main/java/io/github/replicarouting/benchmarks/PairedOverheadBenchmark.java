package io.github.replicarouting.benchmarks;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The PostgreSQL read-only (and read-write) transaction of the router and of each peer as a paired
 * comparison with plain HikariCP (or another {@link #baseline}): the baseline and the contender take turns, one iteration each, in the same JVM
 * over the same servers, so that what differs between forks (where the scheduler puts the
 * server's backend, how the JIT compiled) and what drifts within one (the servers' caches, the
 * machine's load) weighs on both alike. Measured iterations alternate, plain HikariCP first: even ones are the baseline, odd
 * ones the contender. JMH's own score mixes the two and means nothing; {@link PairedRatios} reads
 * each iteration from the raw data instead. Warm-up iterations alternate too, so both are warm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PairedOverheadBenchmark {

	/** The contender every other iteration is measured against, unless {@link #baseline} says otherwise. */
	static final String BASELINE = "hikari";

	/**
	 * What the contender is measured against: plain HikariCP, or another contender (the router in
	 * window mode against causal mode, say), so that the ratio wanted is measured side by side.
	 */
	@Param({ BASELINE })
	@SuppressWarnings("NullAway.Init") // set by JMH before the trial
	public String baseline;

	@Param({ "postgresql" })
	@SuppressWarnings("NullAway.Init") // set by JMH before the trial
	public String database;

	@Param({ "router", "router-statistics", "spring-lazy", "aws-srw", "shardingsphere", "dynamic-datasource" })
	@SuppressWarnings("NullAway.Init") // set by JMH before the trial
	public String contender;

	@SuppressWarnings("NullAway.Init") // opened by the trial's setup
	private TransactionalWork baselineWork;

	@SuppressWarnings("NullAway.Init") // opened by the trial's setup
	private TransactionalWork routed;

	@SuppressWarnings("NullAway.Init") // chosen by each iteration's setup
	private TransactionalWork current;

	private int measured;

	private int warmedUp;

	@Setup(Level.Trial)
	public void open() {
		this.baselineWork = Trial.open(this.database, this.baseline);
		this.routed = Trial.open(this.database, this.contender);
	}

	@Setup(Level.Iteration)
	public void alternate(IterationParams iteration) {
		int index = (iteration.getType() == IterationType.MEASUREMENT) ? this.measured++ : this.warmedUp++;
		this.current = (index % 2 == 0) ? this.baselineWork : this.routed;
	}

	@TearDown(Level.Trial)
	public void close() throws Exception {
		try {
			Trial.close(this.routed);
		}
		finally {
			Trial.close(this.baselineWork);
		}
	}

	@Benchmark
	public @Nullable String readOnlyTransaction() {
		return this.current.readOnlyTransaction(Trial.nextId());
	}

	/** A read-write transaction (select it with {@code PairedOverheadBenchmark.readWriteTransaction}). */
	@Benchmark
	public int readWriteTransaction() {
		return this.current.readWriteTransaction(Trial.nextId());
	}

}
