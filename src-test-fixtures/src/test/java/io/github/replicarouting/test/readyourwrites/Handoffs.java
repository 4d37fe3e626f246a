package io.github.replicarouting.test.readyourwrites;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.ReadYourWrites;
import io.github.replicarouting.test.app.LastRouting;
import io.github.replicarouting.test.readyourwrites.Notes.Read;

/**
 * Work handed to another thread: {@code @Async} methods, and a {@code CompletableFuture} on
 * Spring Boot's {@code applicationTaskExecutor} started from inside {@code @ReadYourWrites}.
 */
class Handoffs {

	private final JdbcTemplate jdbc;

	private final LastRouting lastDecision;

	private final Notes notes;

	private final Executor executor;

	Handoffs(JdbcTemplate jdbc, LastRouting lastDecision, Notes notes,
			@Qualifier("applicationTaskExecutor") Executor executor) {
		this.jdbc = jdbc;
		this.lastDecision = lastDecision;
		this.notes = notes;
		this.executor = executor;
	}

	/**
	 * Read a note inside {@code @ReadYourWrites} on the async executor's thread.
	 * @param id the note's id
	 * @return what was read and where, and the thread that read
	 */
	@Async
	@ReadYourWrites
	@Transactional(readOnly = true)
	public CompletableFuture<Handed> readYourWritesAsync(long id) {
		return CompletableFuture.completedFuture(
				new Handed(Notes.readNote(this.jdbc, this.lastDecision, id), Thread.currentThread().getName()));
	}

	/**
	 * From inside {@code @ReadYourWrites}, read a note with a plain read-only transaction on the
	 * executor: the route must travel with the work.
	 * @param id the note's id
	 * @return what was read and where, and the thread that read
	 */
	@ReadYourWrites
	public CompletableFuture<Handed> plainReadOnExecutor(long id) {
		return CompletableFuture.supplyAsync(
				() -> new Handed(this.notes.read(id), Thread.currentThread().getName()), this.executor);
	}

	/**
	 * Write a note on the executor's thread once {@code release} opens: fire-and-forget work
	 * that a web request starts and that may outlive the request.
	 * @param body the note's text
	 * @param release opened by the test when the write should go ahead
	 * @return the note's id
	 */
	@Async
	public CompletableFuture<Long> writeWhenReleased(String body, CountDownLatch release) throws InterruptedException {
		if (!release.await(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Not released within 10 seconds");
		}
		return CompletableFuture.completedFuture(this.notes.write(body));
	}

	/**
	 * A read that ran on another thread.
	 *
	 * @param read what was read and where
	 * @param thread the name of the thread that read
	 */
	record Handed(Read read, String thread) {

	}

}
