package io.github.replicarouting.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * How the paired benchmark's iterations become a ratio and its interval.
 */
class PairedRatiosTest {

	@Test
	void eachContenderIterationIsComparedWithTheBaselineIterationsAroundIt() {
		// Baseline 100, 110, 120 (a drift), contender 3% above the baseline at its time: 105 and 115.
		PairedRatios paired = PairedRatios.of(List.of(List.of(100.0, 103.0 * 105 / 100, 110.0, 103.0 * 115 / 100, 120.0)));

		assertThat(paired.pairs()).isEqualTo(2);
		assertThat(paired.ratio()).isCloseTo(1.03, within(1e-9));
		assertThat(paired.baseline()).isCloseTo(110.0, within(1e-9));
	}

	@Test
	void aContenderIterationWithoutABaselineAfterItCountsInItsMeanButNotInTheRatio() {
		PairedRatios paired = PairedRatios.of(List.of(List.of(100.0, 200.0, 100.0, 500.0)));

		assertThat(paired.pairs()).isEqualTo(1);
		assertThat(paired.ratio()).isEqualTo(2.0);
		assertThat(paired.contender()).isEqualTo(350.0);
	}

	@Test
	void theIntervalHoldsTheTrueRatioDespiteOccasionalSlowIterations() {
		Random random = new Random(42);
		List<List<Double>> forks = new ArrayList<>();
		for (int fork = 0; fork < 3; fork++) {
			List<Double> scores = new ArrayList<>();
			for (int i = 0; i < 61; i++) {
				double score = 100 * ((i % 2 == 1) ? 1.01 : 1.0) * (1 + 0.03 * random.nextGaussian());
				// Now and then the machine is busy elsewhere: far slower, on either side.
				scores.add((random.nextInt(15) == 0) ? score * 1.6 : score);
			}
			forks.add(scores);
		}

		PairedRatios paired = PairedRatios.of(forks);

		assertThat(paired.pairs()).isEqualTo(90);
		assertThat(paired.low()).isLessThan(1.01);
		assertThat(paired.high()).isGreaterThan(1.01);
		assertThat(paired.high() - paired.low()).isLessThan(0.06);
	}

	@Test
	void tooFewPairsGiveNoInterval() {
		PairedRatios paired = PairedRatios.of(List.of(List.of(100.0, 101.0, 100.0)));

		assertThat(paired.low()).isNaN();
		assertThat(paired.high()).isNaN();
	}

	@Test
	void theIntervalsOrderStatisticsComeFromTheSignTest() {
		// P(Binomial(90, 1/2) <= 29) < 0.0005 < P(... <= 30)
		assertThat(PairedRatios.orderStatistic(90)).isEqualTo(30);
		assertThat(PairedRatios.orderStatistic(5)).isZero();
	}

}
