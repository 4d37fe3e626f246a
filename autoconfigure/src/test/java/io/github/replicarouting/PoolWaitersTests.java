package io.github.replicarouting;

import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link PoolWaiters} over a real HikariCP pool whose only connection is in use, so that a
 * borrower waits for the pool's 30 s connection timeout unless told to give up.
 */
class PoolWaitersTests {

	private final PoolWaiters waiters = new PoolWaiters();

	@Test
	void aWaiterToldToGiveUpStopsAtOnceAndIsNotLeftInterrupted() throws Exception {
		try (HikariDataSource pool = pool(); Connection held = pool.getConnection()) {
			CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
			Thread borrower = new Thread(() -> {
				try {
					this.waiters.take(pool).close();
					interruptedAfter.completeExceptionally(new AssertionError("got a connection"));
				}
				catch (PoolWaiters.GivenUp ex) {
					interruptedAfter.complete(Thread.currentThread().isInterrupted());
				}
				catch (Exception ex) {
					interruptedAfter.completeExceptionally(ex);
				}
			});
			borrower.start();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);
			this.waiters.giveUp();
			assertThat(interruptedAfter.get(5, TimeUnit.SECONDS)).as("interrupted after giving up").isFalse();
			assertThat(held.isValid(1)).isTrue();
		}
	}

	@Test
	void givingUpTouchesNoThreadThatIsNotWaiting() throws Exception {
		try (HikariDataSource pool = pool()) {
			this.waiters.giveUp();
			try (Connection connection = this.waiters.take(pool)) {
				this.waiters.giveUp();
				assertThat(connection.isValid(1)).isTrue();
			}
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
		}
	}

	private static HikariDataSource pool() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl("jdbc:h2:mem:waiters-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		pool.setMaximumPoolSize(1);
		pool.setConnectionTimeout(30_000);
		return pool;
	}

}
