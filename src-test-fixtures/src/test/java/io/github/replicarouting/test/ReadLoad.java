package io.github.replicarouting.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.replicarouting.test.app.ServerPorts.Served;

/**
 * A steady read load: each of a few threads runs one read-only transaction after another (paced
 * by a scheduler, not by sleeping) and records when it started and ended, which server ran it and
 * where the router sent it, or how it failed. Public for the MariaDB tests, which load their
 * cluster the same way.
 */
public final class ReadLoad implements AutoCloseable {

	private static final long PACE_MILLIS = 5;

	private final ScheduledExecutorService threads;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	private ReadLoad(int threads, Supplier<Served> readOnly) {
		this.threads = Executors.newScheduledThreadPool(threads);
		for (int i = 0; i < threads; i++) {
			this.threads.scheduleWithFixedDelay(() -> readOnce(readOnly), 0, PACE_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Starts the load.
	 * @param threads how many reads run at once
	 * @param readOnly one read-only transaction that reports where it ran
	 * @return the running load, to close when done
	 */
	public static ReadLoad start(int threads, Supplier<Served> readOnly) {
		return new ReadLoad(threads, readOnly);
	}

	private void readOnce(Supplier<Served> readOnly) {
		if (!this.running.get()) {
			return;
		}
		long start = System.nanoTime();
		try {
			Served served = readOnly.get();
			String target = (served.decision() != null) ? served.decision().target() : null;
			this.outcomes.add(new Outcome(start, System.nanoTime(), served.port(), target, null));
		}
		catch (RuntimeException ex) {
			this.outcomes.add(new Outcome(start, System.nanoTime(), -1, null, ex));
		}
	}

	/**
	 * Every read finished so far.
	 * @return the outcomes, in no particular order
	 */
	public List<Outcome> outcomes() {
		return new ArrayList<>(this.outcomes);
	}

	/**
	 * Reads that started at or after {@code nanos} and succeeded on the server at {@code port}.
	 */
	public long servedBy(int port, long startedAtOrAfterNanos) {
		return this.outcomes.stream()
			.filter((outcome) -> outcome.start() >= startedAtOrAfterNanos && outcome.port() == port)
			.count();
	}

	/**
	 * Reads that started at or after {@code nanos} and have finished.
	 */
	public long finishedStartedAfter(long startedAtOrAfterNanos) {
		return this.outcomes.stream().filter((outcome) -> outcome.start() >= startedAtOrAfterNanos).count();
	}

	/**
	 * Stops the load and waits for the reads in progress.
	 */
	@Override
	public void close() {
		this.running.set(false);
		this.threads.shutdown();
		try {
			if (!this.threads.awaitTermination(30, TimeUnit.SECONDS)) {
				this.threads.shutdownNow();
				throw new IllegalStateException("Reads still running 30 s after the load was stopped");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One read-only transaction.
	 *
	 * @param start when it started, {@link System#nanoTime()}
	 * @param end when it returned or failed
	 * @param port the port of the server that ran it, -1 when it failed
	 * @param target where the router sent it, {@code null} when it failed
	 * @param failure why it failed, {@code null} when it succeeded
	 */
	public record Outcome(long start, long end, int port, String target, Throwable failure) {

		public boolean failed() {
			return this.failure != null;
		}

	}

}
