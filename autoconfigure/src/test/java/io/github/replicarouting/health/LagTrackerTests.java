package io.github.replicarouting.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LagTrackerTests {

	private final LagTracker tracker = new LagTracker(8);

	@Test
	void whenPrimaryIsIdleReplicaThatHasEverythingShouldHaveNoLag() {
		this.tracker.record(0, 100);
		this.tracker.record(10_000, 100);
		assertThat(this.tracker.lagMillis(100, 20_000)).isZero();
	}

	@Test
	void whenReplicaStopsReplayingLagShouldGrowFromWhenThePrimaryPassedIt() {
		this.tracker.record(0, 100);
		this.tracker.record(2_000, 150);
		this.tracker.record(4_000, 200);
		// The replica has 100: the primary was first seen past it at 2 s.
		assertThat(this.tracker.lagMillis(100, 4_000)).isEqualTo(2_000);
		assertThat(this.tracker.lagMillis(100, 9_000)).isEqualTo(7_000);
	}

	@Test
	void whenReplicaCatchesUpLagShouldDropToZero() {
		this.tracker.record(0, 100);
		this.tracker.record(2_000, 150);
		assertThat(this.tracker.lagMillis(150, 2_000)).isZero();
		assertThat(this.tracker.lagMillis(160, 2_000)).isZero();
	}

	@Test
	void whenReplicaIsOlderThanTheWholeHistoryLagShouldBeAtLeastItsSpan() {
		for (int i = 0; i < 20; i++) {
			this.tracker.record(i * 1_000L, 1_000 + i);
		}
		// Only the last 8 samples (12 s to 19 s) are kept.
		assertThat(this.tracker.lagMillis(5, 20_000)).isEqualTo(8_000);
	}

	@Test
	void caughtUpToShouldBeTheLastRoundAtWhoseStartThePrimaryWasWithinTheReplayedPosition() {
		this.tracker.record(0, 100);
		this.tracker.record(2_000, 150);
		this.tracker.record(4_000, 200);
		// Replayed 170: all of 150 (the primary at 2 s) but perhaps none of what came after, which
		// may have started right after 2 s, although the lag counts from 4 s.
		assertThat(this.tracker.caughtUpTo(170)).isEqualTo(2_000);
		assertThat(this.tracker.lagMillis(170, 4_000)).isZero();
		assertThat(this.tracker.caughtUpTo(200)).isEqualTo(4_000);
		assertThat(this.tracker.caughtUpTo(99)).isEqualTo(Long.MIN_VALUE);
	}

}
