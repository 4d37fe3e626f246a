package io.github.replicarouting.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite: every benchmark with the GC profiler, raw JMH JSON per benchmark class
 * and a Markdown summary ({@code results.md}) with the ratios, written to the output directory.
 * {@code java -jar benchmarks/target/benchmarks.jar [--output DIR]}; for one benchmark with other
 * settings use JMH itself: {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main -h}.
 */
public final class BenchmarkSuite {

	/**
	 * The benchmark classes, in the order they run and are reported.
	 */
	static final List<Class<?>> BENCHMARKS = List.of(RoutingOverheadBenchmark.class, PairedOverheadBenchmark.class,
			PeerBenchmark.class, ConcurrencyBenchmark.class);

	private BenchmarkSuite() {
	}

	public static void main(String[] args) throws Exception {
		Path output = defaultOutput();
		for (int i = 0; i < args.length; i++) {
			if ("--output".equals(args[i]) && i + 1 < args.length) {
				output = Path.of(args[++i]);
			}
			else {
				System.err.println("Usage: java -jar benchmarks.jar [--output DIR]");
				System.exit(2);
			}
		}
		Map<String, List<RunResult>> results = run(Settings.FULL, output);
		System.out.println("Results in " + output.toAbsolutePath() + " (" + count(results) + " benchmarks)");
	}

	/**
	 * Run every benchmark and write the results.
	 * @param settings how long and how often
	 * @param output where the JSON and {@code results.md} go
	 * @return the results by benchmark class
	 */
	static Map<String, List<RunResult>> run(Settings settings, Path output) throws Exception {
		Files.createDirectories(output);
		// In-process runs read these here; forked ones get them on their command line.
		System.setProperty(Pools.SIZE_PROPERTY, Integer.toString(settings.poolSize()));
		System.setProperty(Trial.REUSE_PROPERTY, Boolean.toString(settings.reuseSetups()));
		try {
			return runAll(settings, output);
		}
		finally {
			Trial.closeReused();
			System.clearProperty(Trial.REUSE_PROPERTY);
		}
	}

	private static Map<String, List<RunResult>> runAll(Settings settings, Path output) throws Exception {
		Machine machine = Machine.current();
		List<RoutingCheck> checks = RoutingCheck.all(settings.forks() == 0);
		Map<String, List<RunResult>> results = new LinkedHashMap<>();
		Map<String, String> load = new LinkedHashMap<>();
		for (Class<?> benchmark : BENCHMARKS) {
			String name = benchmark.getSimpleName();
			String loadBefore = Machine.loadAverage();
			boolean paired = benchmark == PairedOverheadBenchmark.class;
			// Paired: the read-only transaction the published table is about; its read-write one is run on demand.
			ChainedOptionsBuilder options = new OptionsBuilder()
				.include("\\." + name + "\\." + (paired ? "readOnlyTransaction$" : ""))
				.forks(paired ? settings.pairedForks() : settings.forks())
				// Paired: twice the warm-up, so that each side gets the usual amount.
				.warmupIterations(paired ? 2 * settings.warmupIterations() : settings.warmupIterations())
				.warmupTime(settings.warmupTime())
				.measurementIterations(paired ? settings.pairedIterations() : settings.measurementIterations())
				.measurementTime(settings.measurementTime())
				.addProfiler(GCProfiler.class)
				.shouldFailOnError(true)
				.jvmArgsAppend("-Xmx1g", "-D" + Pools.SIZE_PROPERTY + "=" + settings.poolSize(),
						"-D" + Trial.REUSE_PROPERTY + "=" + settings.reuseSetups())
				.resultFormat(ResultFormatType.JSON)
				.result(output.resolve(name + ".json").toString());
			Collection<RunResult> run = new Runner(options.build()).run();
			results.put(name, new ArrayList<>(run));
			load.put(name, loadBefore + " before, " + Machine.loadAverage() + " after");
		}
		Files.writeString(output.resolve("results.md"),
				new ResultsTable(machine, settings, checks, results, load).markdown());
		return results;
	}

	private static int count(Map<String, List<RunResult>> results) {
		return results.values().stream().mapToInt(List::size).sum();
	}

	private static Path defaultOutput() {
		Path module = Path.of("benchmarks");
		return Files.isDirectory(module.resolve("src")) ? module.resolve("results") : Path.of("results");
	}

	/**
	 * How long and how often each benchmark runs.
	 *
	 * @param name for the report
	 * @param forks JVMs per benchmark (0: in this JVM)
	 * @param warmupIterations warm-up iterations
	 * @param warmupTime each warm-up iteration's length
	 * @param measurementIterations measured iterations
	 * @param measurementTime each measured iteration's length
	 * @param pairedForks JVMs per paired benchmark
	 * @param pairedIterations measured iterations of a paired benchmark, odd so that it begins
	 * and ends with the baseline
	 * @param poolSize connections per pool, the same for every contender
	 * @param reuseSetups whether a contender's setup serves all its benchmarks (in-process runs)
	 */
	record Settings(String name, int forks, int warmupIterations, TimeValue warmupTime, int measurementIterations,
			TimeValue measurementTime, int pairedForks, int pairedIterations, int poolSize, boolean reuseSetups) {

		/**
		 * The published run: one fork per benchmark, 3 s of warm-up, 5 s measured; the paired
		 * benchmark 3 forks of 61 s measured. About 20 minutes on 2 cores.
		 */
		static final Settings FULL = new Settings("full", 1, 3, TimeValue.seconds(1), 5, TimeValue.seconds(1), 3, 61,
				10, false);

		/**
		 * The smoke run of the test suite: every benchmark once, in-process, 100 ms, so that none
		 * can rot. Its numbers mean nothing. Each contender is set up once for all its benchmarks,
		 * with small pools so that all of them fit in the PostgreSQL server's connections at once.
		 */
		static final Settings SMOKE = new Settings("smoke", 0, 0, TimeValue.milliseconds(100), 1,
				TimeValue.milliseconds(100), 0, 3, 4, true);

		String describe() {
			return ((this.forks == 0) ? "in-process" : this.forks + " fork(s)") + ", " + this.warmupIterations + " x "
					+ this.warmupTime + " warm-up, " + this.measurementIterations + " x " + this.measurementTime
					+ " measured, pools of " + this.poolSize;
		}

	}

}
