package io.github.replicarouting.test.mariadb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * Write-then-read pairs: each writes a note with a text of its own, then reads it back. They run
 * on a few threads of their own, new for each run, so that each thread is a consistency scope of
 * its own that no other test has written in.
 */
public final class Pairs {

	private final List<Read> reads;

	private final List<Boolean> seen;

	private final Duration elapsed;

	private Pairs(List<Read> reads, List<Boolean> seen, Duration elapsed) {
		this.reads = reads;
		this.seen = seen;
		this.elapsed = elapsed;
	}

	/**
	 * Run {@code count} pairs on {@code threads} threads, all within {@code timeout}.
	 * @param notes writes the notes
	 * @param read reads a note back by its id
	 */
	public static Pairs run(int count, int threads, Duration timeout, Notes notes, LongFunction<Read> read) {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		List<Future<Pair>> futures = new ArrayList<>(count);
		long start = System.nanoTime();
		try {
			for (int i = 0; i < count; i++) {
				futures.add(executor.submit(() -> {
					String body = "note-" + UUID.randomUUID();
					long id = notes.write(body);
					Read result = read.apply(id);
					return new Pair(result, result.sees(body));
				}));
			}
			executor.shutdown();
			if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError(count + " pairs did not finish within " + timeout);
			}
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			List<Read> reads = new ArrayList<>(count);
			List<Boolean> seen = new ArrayList<>(count);
			for (Future<Pair> future : futures) {
				Pair pair = future.get();
				reads.add(pair.read());
				seen.add(pair.seen());
			}
			return new Pairs(reads, seen, elapsed);
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

	public int count() {
		return this.reads.size();
	}

	/** Reads that did not see the note their pair had just written. */
	public long staleReads() {
		return this.seen.stream().filter((seen) -> !seen).count();
	}

	/** Reads that the servers listening on {@code ports} ran, by their own account. */
	public long servedBy(Set<Integer> ports) {
		return this.reads.stream().filter((read) -> ports.contains(read.port())).count();
	}

	/** Reads whose routing decision does not say {@code reason}. */
	public List<RoutingDecision> decisionsOtherThan(RoutingReason reason) {
		return this.reads.stream()
			.map(Read::decision)
			.filter((decision) -> decision == null || decision.reason() != reason)
			.toList();
	}

	/** Reads whose routing decision names another server than the one that ran them. */
	public List<Read> misreported(Map<String, Integer> portsByTarget) {
		return this.reads.stream()
			.filter((read) -> read.decision() == null
					|| !Integer.valueOf(read.port()).equals(portsByTarget.get(read.decision().target())))
			.toList();
	}

	/**
	 * One line for the test log.
	 * @param what what ran, such as {@code PostgreSQL, window mode, replicas held back, @ReadYourWrites}
	 */
	public String summary(String what, Set<Integer> replicaPorts) {
		Map<String, Long> byTarget = new TreeMap<>();
		this.reads.forEach((read) -> byTarget.merge((read.decision() != null) ? read.decision().target() : "?", 1L,
				Long::sum));
		return String.format("[read-your-writes] %s: %d pairs, %d stale reads, %.1f%% served by replicas %s, %d ms",
				what, count(), staleReads(), 100.0 * servedBy(replicaPorts) / count(), byTarget,
				this.elapsed.toMillis());
	}

	private record Pair(Read read, boolean seen) {

	}

}
