package io.github.replicarouting.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;

/**
 * The ratio of a contender to plain HikariCP from one {@link PairedOverheadBenchmark} run. Each
 * contender iteration is divided by the mean of the two baseline iterations around it, which also
 * cancels a drift that is linear over those three seconds. The ratio is the median of these, all
 * forks together, with a distribution-free 99.9% confidence interval (the order statistics that
 * the sign test gives): on a shared machine an iteration now and then runs far slower for reasons
 * of its own, which would widen a mean's interval without saying anything about routing.
 *
 * @param pairs how many contender iterations had a baseline iteration on each side
 * @param baseline plain HikariCP's mean score over its iterations
 * @param contender the contender's mean score over its iterations
 * @param ratio the median of the per-iteration ratios
 * @param low the lower end of the ratio's 99.9% confidence interval
 * @param high the upper end of the ratio's 99.9% confidence interval
 */
record PairedRatios(int pairs, double baseline, double contender, double ratio, double low, double high) {

	private static final double CONFIDENCE = 0.999;

	static PairedRatios of(RunResult run) {
		List<List<Double>> forks = new ArrayList<>();
		for (BenchmarkResult fork : run.getBenchmarkResults()) {
			List<Double> scores = new ArrayList<>();
			for (IterationResult iteration : fork.getIterationResults()) {
				scores.add(iteration.getPrimaryResult().getScore());
			}
			forks.add(scores);
		}
		return of(forks);
	}

	/**
	 * From each fork's measured iterations in order, baseline first.
	 * @param forks the scores of each fork's iterations
	 * @return the ratios
	 */
	static PairedRatios of(List<List<Double>> forks) {
		List<Double> ratios = new ArrayList<>();
		List<Double> baseline = new ArrayList<>();
		List<Double> contender = new ArrayList<>();
		for (List<Double> scores : forks) {
			for (int i = 0; i < scores.size(); i++) {
				((i % 2 == 0) ? baseline : contender).add(scores.get(i));
				if (i % 2 == 1 && i + 1 < scores.size()) {
					ratios.add(scores.get(i) / ((scores.get(i - 1) + scores.get(i + 1)) / 2));
				}
			}
		}
		ratios.sort(null);
		int n = ratios.size();
		int k = orderStatistic(n);
		double low = (k > 0) ? ratios.get(k - 1) : Double.NaN;
		double high = (k > 0) ? ratios.get(n - k) : Double.NaN;
		return new PairedRatios(n, mean(baseline), mean(contender), median(ratios), low, high);
	}

	/**
	 * The largest k such that the k-th smallest and k-th largest of n ratios bound the median with
	 * the confidence asked: P(Binomial(n, 1/2) < k) at most half the error. 0 when n is too small.
	 */
	static int orderStatistic(int n) {
		if (n == 0) {
			return 0;
		}
		BinomialDistribution binomial = new BinomialDistribution(null, n, 0.5);
		double tail = (1 - CONFIDENCE) / 2;
		int k = 0;
		while (k < n / 2 && binomial.cumulativeProbability(k) <= tail) {
			k++;
		}
		return k;
	}

	private static double median(List<Double> sorted) {
		int n = sorted.size();
		if (n == 0) {
			return Double.NaN;
		}
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private static double mean(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}

}
