package io.github.replicarouting.test.mariadb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.test.mariadb.Notes.Read;

/**
 * Write-then-read pairs on a few threads of their own, new for each run, so that each thread is
 * a consistency scope that no other test has written in. (A trimmed copy of the PostgreSQL
 * read-your-writes tests' {@code Pairs}, which is package-private there.)
 */
final class Pairs {

	private final List<Read> reads;

	private final List<Boolean> seen;

	private final Duration elapsed;

	private Pairs(List<Read> reads, List<Boolean> seen, Duration elapsed) {
		this.reads = reads;
		this.seen = seen;
		this.elapsed = elapsed;
	}

	static Pairs run(int count, int threads, Duration timeout, Notes notes, LongFunction<Read> read) {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		List<Future<Boolean>> seen = new ArrayList<>(count);
		List<Future<Read>> reads = new ArrayList<>(count);
		long start = System.nanoTime();
		try {
			for (int i = 0; i < count; i++) {
				Future<Read> result = executor.submit(() -> {
					String body = "note-" + UUID.randomUUID();
					long id = notes.write(body);
					Read back = read.apply(id);
					return new Read(back.sees(body) ? body : null, back.port(), back.decision());
				});
				reads.add(result);
			}
			executor.shutdown();
			if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError(count + " pairs did not finish within " + timeout);
			}
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			List<Read> done = new ArrayList<>(count);
			List<Boolean> sees = new ArrayList<>(count);
			for (Future<Read> future : reads) {
				Read read1 = future.get();
				done.add(read1);
				sees.add(read1.body() != null);
			}
			return new Pairs(done, sees, elapsed);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted", ex);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("A pair failed", ex.getCause());
		}
		finally {
			executor.shutdownNow();
		}
	}

	int count() {
		return this.reads.size();
	}

	/** Reads that did not see the note their pair had just written. */
	long staleReads() {
		return this.seen.stream().filter((seen) -> !seen).count();
	}

	/** Reads that the servers listening on {@code ports} ran, by their own account. */
	long servedBy(Set<Integer> ports) {
		return this.reads.stream().filter((read) -> ports.contains(read.port())).count();
	}

	/** Reads whose routing decision does not say {@code reason}. */
	List<RoutingDecision> decisionsOtherThan(RoutingReason reason) {
		return this.reads.stream()
			.map(Read::decision)
			.filter((decision) -> decision == null || decision.reason() != reason)
			.toList();
	}

	/** Reads whose routing decision names another server than the one that ran them. */
	List<Read> misreported(Map<String, Integer> portsByTarget) {
		return this.reads.stream()
			.filter((read) -> read.decision() == null
					|| !Integer.valueOf(read.port()).equals(portsByTarget.get(read.decision().target())))
			.toList();
	}

	String summary(String what, Set<Integer> replicaPorts) {
		return String.format("[read-your-writes] %s: %d pairs, %d stale reads, %.1f%% served by replicas, %d ms", what,
				count(), staleReads(), 100.0 * servedBy(replicaPorts) / count(), this.elapsed.toMillis());
	}

}
