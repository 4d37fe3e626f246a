package io.github.replicarouting.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every benchmark class shares: one contender's {@link TransactionalWork} on one database,
 * set up and checked once per trial. Subclasses declare the {@code database} and
 * {@code contender} parameters they measure.
 */
abstract class TrialBenchmark {

	@SuppressWarnings("NullAway.Init") // opened by the trial's setup
	TransactionalWork work;

	abstract String database();

	abstract String contender();

	@Setup(Level.Trial)
	public void open() {
		this.work = Trial.open(database(), contender());
	}

	@TearDown(Level.Trial)
	public void close() throws Exception {
		Trial.close(this.work);
	}

}
