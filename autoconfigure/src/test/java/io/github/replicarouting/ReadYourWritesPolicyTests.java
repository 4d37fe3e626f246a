package io.github.replicarouting;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReadYourWritesPolicyTests {

	private static final Destination ANY_REPLICA = Destination.of(Route.REPLICA_READ_YOUR_WRITES);

	private static final Destination PRIMARY = Destination.of(Route.PRIMARY_READ_YOUR_WRITES);

	private final MutableClock clock = new MutableClock();

	private final ConsistencyScopes scopes = new ConsistencyScopes();

	private final FixedPositions positions = new FixedPositions();

	/** The primary, as far as its probe last read it: the policy has no way to ask it directly. */
	private final TargetHealth primary = TargetHealth.unmonitored();

	private final ReadYourWritesPolicy window = new ReadYourWritesPolicy(ReadYourWritesMode.WINDOW,
			Duration.ofSeconds(2), Duration.ZERO, this.clock, this.scopes, this.positions);

	private final ReadYourWritesPolicy causal = new ReadYourWritesPolicy(ReadYourWritesMode.CAUSAL,
			Duration.ofSeconds(2), Duration.ZERO, this.clock, this.scopes, this.positions);

	/** Where writes commit: the samplers take a connection from its pool to read the position. */
	private final GuardedTarget writer = writer();

	private ConsistencyScope previous;

	@AfterEach
	void unbind() {
		ConsistencyScopes.restore(this.previous);
	}

	@Test
	void whenScopeHasNotWrittenShouldReadOnAnyReplica() {
		bind(new ConsistencyScope());
		assertThat(this.window.decide(this.primary, true)).isEqualTo(ANY_REPLICA);
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(ANY_REPLICA);
	}

	@Test
	void whenWorkHasNoScopeShouldReadOnPrimary() {
		assertThat(onNewThread(() -> this.window.decide(this.primary, true))).succeedsWithin(Duration.ofSeconds(5))
			.isEqualTo(PRIMARY);
	}

	@Test
	void windowModeShouldReadOnPrimaryWithinTheWindow() {
		bind(new ConsistencyScope());
		this.window.afterWrite(this.writer, false);
		this.clock.advance(Duration.ofMillis(1999));
		assertThat(this.window.decide(this.primary, true)).isEqualTo(PRIMARY);
	}

	@Test
	void windowModeAfterTheWindowShouldNeedAReplicaThatHadEverythingUpToTheWrite() {
		bind(new ConsistencyScope());
		this.window.afterWrite(this.writer, false);
		this.clock.advance(Duration.ofMillis(2000));
		assertThat(this.window.decide(this.primary, true)).isEqualTo(noStalerThan(2000));
		this.clock.advance(Duration.ofMillis(1500));
		assertThat(this.window.decide(this.primary, true)).isEqualTo(noStalerThan(3500));
	}

	@Test
	void causalModeShouldRequireThePositionAfterTheWrite() {
		bind(new ConsistencyScope());
		this.positions.current = 4242;
		this.causal.afterWrite(this.writer, false);
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(4242));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(4242));
	}

	@Test
	void causalWritesShouldReadNoPositionUntilAReadOfTheScopeNeedsOneAndThenShareIt() {
		bind(new ConsistencyScope());
		this.positions.failing = true;
		for (int i = 0; i < 10; i++) {
			this.causal.afterWrite(this.writer, false);
		}
		this.positions.failing = false;
		this.positions.current = 4300;
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(4300));
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(4300));
		assertThat(this.causal.sampler(this.writer).samples()).as("one read for ten writes and two reads").isOne();
	}

	@Test
	void causalModeShouldNeverReadBehindWhatAnEarlierReadOfTheScopeSaw() {
		ConsistencyScope scope = new ConsistencyScope();
		bind(scope);
		scope.recordRead(700, this.clock.millis());
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(700));
		// A write at 500 after a read that saw 700: the read's position still rules.
		this.positions.current = 500;
		this.causal.afterWrite(this.writer, false);
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(700));
		this.positions.current = 900;
		this.causal.afterWrite(this.writer, false);
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(900));
	}

	@Test
	void windowModeShouldIgnoreReadPositions() {
		bind(ConsistencyScope.of(Long.MIN_VALUE, -1, 700, this.clock.millis()));
		assertThat(this.window.decide(this.primary, true)).isEqualTo(ANY_REPLICA);
	}

	@Test
	void aReadPositionThePrimaryProvablyNeverHadShouldBeSetAside() {
		// Read at 900 on a replica of another history (a primary since restored from a backup).
		bind(ConsistencyScope.of(Long.MIN_VALUE, -1, 900, this.clock.millis()));
		this.clock.advance(Duration.ofMillis(500));
		this.primary.recordPosition(400, this.clock.millis());
		assertThat(this.causal.decide(this.primary, true)).as("read at 400 too soon after to tell")
			.isEqualTo(replayed(900));
		this.clock.advance(Duration.ofSeconds(2));
		this.primary.recordPosition(450, this.clock.millis());
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(ANY_REPLICA);
	}

	@Test
	void causalModeWithAnUnknownPositionShouldNeverTakeAnyReplica() {
		bind(new ConsistencyScope());
		this.positions.current = -1;
		this.causal.afterWrite(this.writer, false);
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(PRIMARY);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(noStalerThan(2000));
	}

	@Test
	void positionBeyondThePrimarysLastReadingMadeAfterThatReadingShouldStand() {
		// The prober read the primary at 500, a second before another instance wrote and got 900.
		this.primary.recordPosition(500, this.clock.millis());
		this.clock.advance(Duration.ofSeconds(1));
		bind(ConsistencyScope.of(this.clock.millis(), 900));
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(900));
		// Still so while no later reading exists, however long ago the write was.
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(900));
	}

	@Test
	void positionThePrimaryProvablyLacksShouldGiveWayToTheWriteTime() {
		long written = this.clock.millis();
		bind(ConsistencyScope.of(written, 1_000_000));
		// Read well after the write, and short of its position: not this primary's position.
		this.clock.advance(Duration.ofSeconds(5));
		this.primary.recordPosition(500, this.clock.millis());
		this.clock.advance(Duration.ofMillis(100));
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(noStalerThan(5100));
	}

	@Test
	void readingWithinTheClockSkewAllowanceOfTheWriteShouldNotJudgeIt() {
		long written = this.clock.millis();
		bind(ConsistencyScope.of(written, 1_000_000));
		this.clock.advance(Duration.ofMillis(ReadYourWritesPolicy.CLOCK_SKEW_MILLIS));
		this.primary.recordPosition(500, this.clock.millis());
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(1_000_000));
	}

	@Test
	void readingOfUnknownTimeShouldNotJudgeAPosition() {
		bind(ConsistencyScope.of(this.clock.millis(), 1_000_000));
		this.clock.advance(Duration.ofMinutes(1));
		this.primary.recordPosition(500, Long.MIN_VALUE);
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(1_000_000));
	}

	@Test
	void positionThePrimaryHasShouldStand() {
		bind(ConsistencyScope.of(this.clock.millis(), 400));
		this.clock.advance(Duration.ofMinutes(1));
		this.primary.recordPosition(500, this.clock.millis());
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(400));
	}

	@Test
	void judgingShouldNeverReadAPosition() {
		bind(ConsistencyScope.of(this.clock.millis(), 1_000_000));
		this.positions.failing = true;
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.causal.decide(this.primary, true)).isEqualTo(replayed(1_000_000));
	}

	@Test
	void writeOfAThreadWithoutScopeShouldGiveThatThreadItsOwn() {
		assertThat(onNewThread(() -> {
			this.window.afterWrite(this.writer, false);
			return this.window.decide(this.primary, true);
		})).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(PRIMARY);
	}

	private static GuardedTarget writer() {
		String url = H2Targets.create("primary").url("primary");
		return new GuardedTarget(new RoutingTarget("primary", new DriverManagerDataSource(url, "sa", ""), url, 1),
				TargetHealth.unmonitored());
	}

	private static Destination noStalerThan(long maxMillis) {
		return Destination.replica(new Freshness.NoStalerThan(maxMillis));
	}

	private static Destination replayed(long position) {
		return Destination.replica(new Freshness.Replayed(position));
	}

	private void bind(ConsistencyScope scope) {
		this.previous = ConsistencyScopes.bind(scope);
	}

	private static CompletableFuture<Destination> onNewThread(Supplier<Destination> work) {
		return CompletableFuture.supplyAsync(work, (runnable) -> new Thread(runnable).start());
	}

	static final class FixedPositions implements ReplicationPositions {

		long current;

		boolean failing;

		@Override
		public long currentPosition(Connection primary) {
			if (this.failing) {
				throw new AssertionError("a position was read");
			}
			return this.current;
		}

		@Override
		public long replayedPosition(Connection replica) {
			return this.current;
		}

	}

}
