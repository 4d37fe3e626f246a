package io.github.replicarouting.sample.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RoutingHistory}.
 */
class RoutingHistoryTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:02Z"));

	private final RoutingHistory history = new RoutingHistory(this.clock);

	@Test
	void snapshotShouldHaveABucketForEveryPeriodOfTheLastMinutes() {
		List<RoutingHistory.Bucket> buckets = this.history.snapshot().buckets();
		assertThat(buckets).hasSize(60);
		assertThat(buckets.get(59).start()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z").toEpochMilli());
		assertThat(buckets).allSatisfy((bucket) -> assertThat(bucket.reads()).isEmpty());
	}

	@Test
	void readsShouldBeCountedApartFromWritesPerTarget() {
		this.history.onRouted(new RoutingDecision("replica-1", RoutingReason.READ_ONLY, null));
		this.history.onRouted(new RoutingDecision("primary", RoutingReason.READ_YOUR_WRITES, null));
		this.history.onRouted(new RoutingDecision("primary", RoutingReason.FALLBACK, null));
		this.history.onRouted(new RoutingDecision("primary", RoutingReason.READ_WRITE, null));
		RoutingHistory.Bucket now = this.history.snapshot().buckets().get(59);
		assertThat(now.reads()).containsEntry("replica-1", 1L).containsEntry("primary", 2L);
		assertThat(now.writes()).containsEntry("replica-1", 0L).containsEntry("primary", 1L);
	}

	@Test
	void snapshotShouldLeaveOutWhatIsOlderThanTheKeptPeriod() {
		this.history.onRouted(new RoutingDecision("replica-1", RoutingReason.READ_ONLY, null));
		this.clock.advance(Duration.ofMinutes(6));
		this.history.onRouted(new RoutingDecision("replica-2", RoutingReason.READ_ONLY, null));
		List<RoutingHistory.Bucket> buckets = this.history.snapshot().buckets();
		assertThat(buckets).noneMatch((bucket) -> bucket.reads().containsKey("replica-1"));
		assertThat(buckets.get(59).reads()).containsEntry("replica-2", 1L);
	}

	private static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
