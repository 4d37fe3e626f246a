package io.github.replicarouting.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.RunResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark of the suite once, in this JVM, for 100 ms: a benchmark that no longer
 * sets up, routes where it should or runs fails the build instead of rotting until someone
 * wants numbers. The numbers themselves mean nothing.
 */
class BenchmarkSuiteSmokeIT {

	/**
	 * 2 databases x 4 contenders x 2 transactions, 6 paired contenders, 6 contenders x 2
	 * transactions, 6 contenders x 3 thread counts.
	 */
	private static final int BENCHMARKS = 16 + 6 + 12 + 18;

	@AfterAll
	static void stopPostgres() {
		PostgresCluster.stop();
	}

	@Test
	@Timeout(value = 150)
	void everyBenchmarkRunsAndReportsItsScoreAndAllocation() throws Exception {
		Path output = Path.of("target", "smoke-results");
		long started = System.nanoTime();
		Map<String, List<RunResult>> results = BenchmarkSuite.run(BenchmarkSuite.Settings.SMOKE, output);
		List<RunResult> all = results.values().stream().flatMap(List::stream).toList();
		assertThat(all).hasSize(BENCHMARKS);
		assertThat(all).allSatisfy((run) -> {
			assertThat(run.getPrimaryResult().getScore()).as(run.getParams().toString()).isPositive();
			assertThat(run.getSecondaryResults()).as(run.getParams().toString()).containsKey("gc.alloc.rate.norm");
		});
		for (Class<?> benchmark : BenchmarkSuite.BENCHMARKS) {
			assertThat(output.resolve(benchmark.getSimpleName() + ".json")).isNotEmptyFile();
		}
		assertThat(Files.readString(output.resolve("results.md"))).contains("## Routing overhead")
			.contains("## Paired against plain HikariCP")
			.contains("## Peers")
			.contains("## Read-only throughput")
			.doesNotContain("failed:");
		System.out.println("Benchmark smoke run took " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
	}

}
