package io.github.replicarouting;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsistencyScopeTests {

	@Test
	void scopeThatNeverWroteShouldSaySo() {
		ConsistencyScope scope = new ConsistencyScope();
		assertThat(scope.lastWriteMillis()).isEqualTo(Long.MIN_VALUE);
		assertThat(scope.position()).isEqualTo(-1);
	}

	@Test
	void writesShouldKeepTheLatestTimeAndPosition() {
		ConsistencyScope scope = new ConsistencyScope();
		scope.recordWrite(2000, 500);
		// Recorded late by a slower thread: neither fact goes back.
		scope.recordWrite(1000, 400);
		assertThat(scope.lastWriteMillis()).isEqualTo(2000);
		assertThat(scope.position()).isEqualTo(500);
	}

	@Test
	void writeWithAnUnknownPositionShouldMakeThePositionUnknown() {
		ConsistencyScope scope = new ConsistencyScope();
		scope.recordWrite(1000, 500);
		scope.recordWrite(2000, -1);
		// Position 500 says nothing of the second write: a replica at 500 may lack it.
		assertThat(scope.position()).isEqualTo(-1);
		assertThat(scope.lastWriteMillis()).isEqualTo(2000);
	}

	@Test
	void aWriteWhosePositionIsPendingShouldNeverShowAnOlderWritesPositionAndResolveOnce() {
		AtomicInteger reads = new AtomicInteger();
		PositionSampler sampler = new PositionSampler("primary", () -> 300 + reads.incrementAndGet());
		ConsistencyScope scope = new ConsistencyScope();
		scope.recordWrite(1000, 500);
		scope.recordWrite(2000, sampler.committed());
		scope.recordWrite(3000, sampler.committed());
		assertThat(scope.snapshot()).as("as it stands: the new writes' position unknown, not 500")
			.isEqualTo(new ConsistencyScope.Snapshot(3000, -1, -1, Long.MIN_VALUE));
		assertThat(reads).hasValue(0);
		// Sampled at 301, below the earlier write's 500 (another writer): the position never goes back.
		assertThat(scope.resolvedSnapshot()).isEqualTo(new ConsistencyScope.Snapshot(3000, 500, -1, Long.MIN_VALUE));
		assertThat(scope.position()).isEqualTo(500);
		assertThat(reads).as("one read for both writes, none once resolved").hasValue(1);
		scope.recordWrite(4000, sampler.committed());
		assertThat(scope.position()).isEqualTo(500);
		assertThat(reads).as("a later write needs a sample of its own").hasValue(2);
	}

	@Test
	void snapshotShouldPairTheTimeWithItsPosition() {
		ConsistencyScope scope = ConsistencyScope.of(1000, 42);
		assertThat(scope.snapshot()).isEqualTo(new ConsistencyScope.Snapshot(1000, 42, -1, Long.MIN_VALUE));
	}

	@Test
	void readsShouldKeepTheHighestPositionAndTellTheCallbackOnlyWhenItRises() {
		ConsistencyScope scope = new ConsistencyScope();
		int[] heard = new int[1];
		scope.onWrite((changed) -> heard[0]++);
		scope.recordRead(700, 10);
		scope.recordRead(500, 20);
		scope.recordRead(-1, 30);
		scope.recordWrite(1000, 600);
		assertThat(scope.readPosition()).isEqualTo(700);
		assertThat(scope.snapshot().readMillis()).isEqualTo(10);
		assertThat(scope.position()).isEqualTo(600);
		assertThat(heard[0]).isEqualTo(2);
	}

	@Test
	void callbackShouldHearOfEachWriteAndNeverFailIt() {
		ConsistencyScope scope = new ConsistencyScope();
		int[] heard = new int[1];
		scope.onWrite((written) -> {
			heard[0]++;
			throw new IllegalStateException("the client is gone");
		});
		scope.recordWrite(1000, 1);
		scope.recordWrite(2000, 2);
		assertThat(heard[0]).isEqualTo(2);
		assertThat(scope.position()).isEqualTo(2);
	}

}
