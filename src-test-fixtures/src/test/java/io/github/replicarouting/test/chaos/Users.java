package io.github.replicarouting.test.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent simulated users running {@link Workload} in a loop until stopped, recording every
 * operation: when it started and ended, what it was, and whether it failed or read stale data.
 */
final class Users implements AutoCloseable {

	private static final AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);

	private final ExecutorService threads;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Queue<Operation> operations = new ConcurrentLinkedQueue<>();

	private final Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();

	Users(int count, Workload workload) {
		this.threads = Executors.newFixedThreadPool(count, (runnable) -> new Thread(runnable, "chaos-user"));
		for (int i = 0; i < count; i++) {
			this.threads.execute(() -> {
				while (this.running.get()) {
					userOnce(workload);
				}
			});
		}
	}

	private void userOnce(Workload workload) {
		long id = ids.incrementAndGet();
		long start = System.nanoTime();
		try {
			workload.write(id);
			this.acknowledged.add(id);
			this.operations.add(new Operation(Kind.WRITE, start, System.nanoTime(), null, false));
		}
		catch (RuntimeException ex) {
			this.operations.add(new Operation(Kind.WRITE, start, System.nanoTime(), ex, false));
			return;
		}
		start = System.nanoTime();
		try {
			boolean seen = workload.sees(id);
			this.operations.add(new Operation(Kind.READ_YOUR_WRITES, start, System.nanoTime(), null, !seen));
		}
		catch (RuntimeException ex) {
			this.operations.add(new Operation(Kind.READ_YOUR_WRITES, start, System.nanoTime(), ex, false));
		}
		start = System.nanoTime();
		try {
			workload.count();
			this.operations.add(new Operation(Kind.READ, start, System.nanoTime(), null, false));
		}
		catch (RuntimeException ex) {
			this.operations.add(new Operation(Kind.READ, start, System.nanoTime(), ex, false));
		}
	}

	List<Operation> operations() {
		return new ArrayList<>(this.operations);
	}

	List<Long> acknowledgedWrites() {
		return new ArrayList<>(this.acknowledged);
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.threads.shutdown();
		if (this.threads.isTerminated()) {
			return;
		}
		if (!this.threads.awaitTermination(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Simulated users did not stop within 30 s: a call is hanging");
		}
	}

	enum Kind {

		WRITE, READ_YOUR_WRITES, READ

	}

	record Operation(Kind kind, long startNanos, long endNanos, RuntimeException failure, boolean stale) {

		boolean readOnly() {
			return this.kind != Kind.WRITE;
		}

	}

}
