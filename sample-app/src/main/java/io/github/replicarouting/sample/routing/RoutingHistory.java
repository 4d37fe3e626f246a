package io.github.replicarouting.sample.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingListener;
import io.github.replicarouting.RoutingReason;

import org.springframework.stereotype.Component;

/**
 * Routed reads and writes per target over the last minutes, in buckets of a few seconds: what
 * the live page charts. Actuator's {@code replicarouting} endpoint has the totals since start;
 * this keeps their recent shape, so that the chart survives a page reload.
 */
@Component
public class RoutingHistory implements RoutingListener {

	static final Duration BUCKET = Duration.ofSeconds(5);

	static final Duration KEPT = Duration.ofMinutes(5);

	private final NavigableMap<Long, Map<String, Counts>> buckets = new ConcurrentSkipListMap<>();

	private final Clock clock;

	RoutingHistory() {
		this(Clock.systemUTC());
	}

	RoutingHistory(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void onRouted(RoutingDecision decision) {
		long start = bucketStart(this.clock.millis());
		Counts counts = this.buckets.computeIfAbsent(start, (key) -> {
			this.buckets.headMap(key - KEPT.toMillis()).clear();
			return new ConcurrentHashMap<>();
		}).computeIfAbsent(decision.target(), (target) -> new Counts());
		(isRead(decision.reason()) ? counts.reads : counts.writes).increment();
	}

	/**
	 * The buckets of the last minutes, oldest first, with a bucket (possibly empty) for every
	 * period, so a chart can plot them as they are.
	 * @return the history
	 */
	public Snapshot snapshot() {
		long now = bucketStart(this.clock.millis());
		long first = now - KEPT.toMillis() + BUCKET.toMillis();
		List<Bucket> result = new ArrayList<>();
		for (long start = first; start <= now; start += BUCKET.toMillis()) {
			Map<String, Counts> counts = this.buckets.getOrDefault(start, Map.of());
			Map<String, Long> reads = new TreeMap<>();
			Map<String, Long> writes = new TreeMap<>();
			counts.forEach((target, count) -> {
				reads.put(target, count.reads.sum());
				writes.put(target, count.writes.sum());
			});
			result.add(new Bucket(start, reads, writes));
		}
		return new Snapshot(BUCKET.toSeconds(), result);
	}

	/**
	 * Reads are the work a replica could take: read-only transactions, and the reads that went to
	 * the primary because of read-your-writes or because no replica could serve them.
	 */
	private static boolean isRead(RoutingReason reason) {
		return reason == RoutingReason.READ_ONLY || reason == RoutingReason.READ_YOUR_WRITES
				|| reason == RoutingReason.FALLBACK;
	}

	private static long bucketStart(long millis) {
		return millis - Math.floorMod(millis, BUCKET.toMillis());
	}

	private static final class Counts {

		final LongAdder reads = new LongAdder();

		final LongAdder writes = new LongAdder();

	}

	/**
	 * The history.
	 *
	 * @param bucketSeconds how long each bucket is
	 * @param buckets the buckets, oldest first
	 */
	public record Snapshot(long bucketSeconds, List<Bucket> buckets) {

	}

	/**
	 * What was routed in one period.
	 *
	 * @param start when the period began, epoch milliseconds
	 * @param reads reads per target
	 * @param writes everything else per target (read-write, {@code @UsePrimary}, outside
	 * transactions)
	 */
	public record Bucket(long start, Map<String, Long> reads, Map<String, Long> writes) {

	}

}
