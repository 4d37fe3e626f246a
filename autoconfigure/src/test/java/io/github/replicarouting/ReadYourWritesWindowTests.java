package io.github.replicarouting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadYourWritesWindowTests {

	private final MutableClock clock = new MutableClock();

	private final ReadYourWritesWindow window = new ReadYourWritesWindow(this.clock, Duration.ofSeconds(2));

	@Test
	void whenScopeHasNotWrittenShouldReadOnReplica() {
		assertThat(this.window.mustReadPrimary()).isFalse();
	}

	@Test
	void whenScopeWroteWithinWindowShouldReadOnPrimary() {
		this.window.recordWrite();
		this.clock.advance(Duration.ofMillis(1999));
		assertThat(this.window.mustReadPrimary()).isTrue();
	}

	@Test
	void whenWindowHasPassedShouldReadOnReplicaAgain() {
		this.window.recordWrite();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.window.mustReadPrimary()).isFalse();
	}

	@Test
	void writeOfAnotherThreadShouldNotMoveThisThreadsReads() throws Exception {
		Thread other = new Thread(this.window::recordWrite);
		other.start();
		other.join();
		assertThat(this.window.mustReadPrimary()).isFalse();
	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
