package io.github.replicarouting;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link PositionSampler}: a commit costs no read of the primary's position; a read is shared by
 * every commit that preceded its start, and never serves a commit that came after it started.
 * The source's answers are handed in by the test, one per read, so that a read runs exactly as
 * long as the test wants.
 */
class PositionSamplerTests {

	private final BlockingQueue<Long> answers = new LinkedBlockingQueue<>();

	private final AtomicInteger reads = new AtomicInteger();

	private final CountDownLatch reading = new CountDownLatch(1);

	private final PositionSampler sampler = new PositionSampler("primary", () -> {
		this.reads.incrementAndGet();
		this.reading.countDown();
		try {
			Long answer = this.answers.poll(10, TimeUnit.SECONDS);
			if (answer == null) {
				throw new SQLException("the test gave no answer");
			}
			if (answer < 0) {
				throw new SQLException("primary not answering");
			}
			return answer;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLException(ex);
		}
	});

	private final List<Thread> threads = new ArrayList<>();

	@AfterEach
	void stopThreads() throws InterruptedException {
		for (Thread thread : this.threads) {
			thread.join(5000);
		}
	}

	@Test
	void commitsShouldReadNothingUntilAPositionIsAskedFor() {
		for (int i = 0; i < 1000; i++) {
			this.sampler.committed();
		}
		assertThat(this.reads).hasValue(0);
		assertThat(this.sampler.samples()).isZero();
	}

	@Test
	void oneSampleShouldServeEveryCommitBeforeItStarted() {
		PositionSampler.Ticket first = this.sampler.committed();
		PositionSampler.Ticket last = null;
		for (int i = 0; i < 49; i++) {
			last = this.sampler.committed();
		}
		this.answers.add(500L);
		assertThat(last.position()).isEqualTo(500);
		assertThat(first.position()).isEqualTo(500);
		assertThat(this.sampler.samples()).isOne();
	}

	@Test
	void concurrentCallersCoveredByTheRunningSampleShouldShareIt() throws Exception {
		List<PositionSampler.Ticket> tickets = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			tickets.add(this.sampler.committed());
		}
		List<FutureTask<Long>> positions = new ArrayList<>();
		for (PositionSampler.Ticket ticket : tickets) {
			positions.add(start(ticket::position));
		}
		this.reading.await(10, TimeUnit.SECONDS);
		awaitAllWaiting();
		this.answers.add(700L);
		for (FutureTask<Long> position : positions) {
			assertThat(position.get(10, TimeUnit.SECONDS)).isEqualTo(700);
		}
		assertThat(this.sampler.samples()).as("one read for 20 commits asked for at once").isOne();
	}

	@Test
	void aCommitAfterTheRunningSampleStartedShouldWaitForTheNextOne() throws Exception {
		PositionSampler.Ticket before = this.sampler.committed();
		FutureTask<Long> beforePosition = start(before::position);
		this.reading.await(10, TimeUnit.SECONDS);
		// Committed while the first read is on its way: that read may have missed it.
		PositionSampler.Ticket after = this.sampler.committed();
		FutureTask<Long> afterPosition = start(after::position);
		FutureTask<Long> beforeAgain = start(before::position);
		awaitAllWaiting();
		this.answers.add(100L);
		assertThat(beforePosition.get(10, TimeUnit.SECONDS)).isEqualTo(100);
		assertThat(beforeAgain.get(10, TimeUnit.SECONDS)).isEqualTo(100);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.sampler.samples()).isEqualTo(2));
		assertThat(afterPosition.isDone()).as("never served by the read that started before its commit").isFalse();
		this.answers.add(200L);
		assertThat(afterPosition.get(10, TimeUnit.SECONDS)).isEqualTo(200);
		assertThat(before.position()).as("the latest sample covers it too, with no new read").isEqualTo(200);
		assertThat(this.sampler.samples()).isEqualTo(2);
	}

	@Test
	void aFailedSampleShouldAnswerUnknownAndTheNextCallerShouldSampleAgain() {
		PositionSampler.Ticket ticket = this.sampler.committed();
		this.answers.add(-1L);
		assertThat(ticket.position()).isEqualTo(-1);
		this.answers.add(300L);
		assertThat(ticket.position()).isEqualTo(300);
		assertThat(this.sampler.samples()).isEqualTo(2);
	}

	private FutureTask<Long> start(java.util.concurrent.Callable<Long> work) {
		FutureTask<Long> task = new FutureTask<>(work);
		Thread thread = new Thread(task, "position-" + this.threads.size());
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
		return task;
	}

	/** Every thread started is parked: waiting for the test's answer or for a sample. */
	private void awaitAllWaiting() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.threads.stream()
				.allMatch((thread) -> thread.getState() == Thread.State.WAITING
						|| thread.getState() == Thread.State.TIMED_WAITING || !thread.isAlive()));
	}

}
