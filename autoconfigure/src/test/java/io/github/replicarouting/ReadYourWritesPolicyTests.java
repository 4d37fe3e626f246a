package io.github.replicarouting;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadYourWritesPolicyTests {

	private final MutableClock clock = new MutableClock();

	private final ConsistencyScopes scopes = new ConsistencyScopes();

	private final FixedPositions positions = new FixedPositions();

	private final ReadYourWritesPolicy window = new ReadYourWritesPolicy(ReadYourWritesMode.WINDOW,
			Duration.ofSeconds(2), Duration.ZERO, this.clock, this.scopes, this.positions);

	private final ReadYourWritesPolicy causal = new ReadYourWritesPolicy(ReadYourWritesMode.CAUSAL,
			Duration.ofSeconds(2), Duration.ZERO, this.clock, this.scopes, this.positions);

	private ConsistencyScope previous;

	@AfterEach
	void unbind() {
		ConsistencyScopes.restore(this.previous);
	}

	@Test
	void whenScopeHasNotWrittenShouldReadOnAnyReplica() {
		this.previous = ConsistencyScopes.bind(new ConsistencyScope());
		assertThat(this.window.requirement((p) -> 0)).isEqualTo(ReadYourWritesPolicy.ANY_REPLICA);
	}

	@Test
	void whenWorkHasNoScopeShouldReadOnPrimary() {
		assertThat(onNewThread(() -> this.window.requirement((p) -> 0))).succeedsWithin(Duration.ofSeconds(5))
			.isEqualTo(ReadYourWritesPolicy.PRIMARY);
	}

	@Test
	void windowModeShouldReadOnPrimaryWithinTheWindowOnly() {
		this.previous = ConsistencyScopes.bind(new ConsistencyScope());
		this.window.afterWrite(null);
		this.clock.advance(Duration.ofMillis(1999));
		assertThat(this.window.requirement((p) -> 0)).isEqualTo(ReadYourWritesPolicy.PRIMARY);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.window.requirement((p) -> 0)).isEqualTo(ReadYourWritesPolicy.ANY_REPLICA);
	}

	@Test
	void causalModeShouldRequireThePositionAfterTheWrite() {
		this.previous = ConsistencyScopes.bind(new ConsistencyScope());
		this.positions.current = 4242;
		this.causal.afterWrite(null);
		assertThat(this.causal.requirement((p) -> 4242)).isEqualTo(4242);
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.causal.requirement((p) -> 4242)).isEqualTo(4242);
	}

	@Test
	void causalModeShouldClampAPositionBeyondThePrimarys() {
		ConsistencyScope forged = ConsistencyScope.fromToken("1.1000." + Long.MAX_VALUE / 2, this.clock.millis());
		this.previous = ConsistencyScopes.bind(forged);
		assertThat(this.causal.requirement((p) -> 777)).isEqualTo(777);
		assertThat(forged.position()).isEqualTo(777);
	}

	@Test
	void causalModeWithoutPositionsShouldBehaveAsWindow() {
		this.previous = ConsistencyScopes.bind(new ConsistencyScope());
		this.positions.current = -1;
		this.causal.afterWrite(null);
		assertThat(this.causal.requirement((p) -> -1)).isEqualTo(ReadYourWritesPolicy.PRIMARY);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.causal.requirement((p) -> -1)).isEqualTo(ReadYourWritesPolicy.ANY_REPLICA);
	}

	@Test
	void writeOfAThreadWithoutScopeShouldGiveThatThreadItsOwn() {
		assertThat(onNewThread(() -> {
			this.window.afterWrite(null);
			return this.window.requirement((p) -> 0);
		})).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(ReadYourWritesPolicy.PRIMARY);
	}

	private static CompletableFuture<Long> onNewThread(Supplier<Long> work) {
		return CompletableFuture.supplyAsync(work, (runnable) -> new Thread(runnable).start());
	}

	static final class FixedPositions implements ReplicationPositions {

		long current;

		@Override
		public long currentPosition(Connection primary) {
			return this.current;
		}

		@Override
		public long replayedPosition(Connection replica) {
			return this.current;
		}

	}

}
