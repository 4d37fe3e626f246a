package io.github.replicarouting;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts routing decisions by target and reason, and read-write transactions by name and by
 * whether they wrote: the one listener on the routing path that metrics and the Actuator
 * endpoint read from, so that neither costs anything per transaction beyond an uncontended
 * increment. A named read-write transaction that never writes is a candidate for
 * {@code readOnly = true}: its reads could go to a replica.
 */
public final class RoutingStatistics implements RoutingListener {

	/**
	 * How many transaction names are counted at most, so that names made up at run time (a
	 * {@code TransactionTemplate} named per call) cannot grow the counts without bound.
	 */
	public static final int MAX_TRANSACTION_NAMES = 1000;

	private static final RoutingReason[] REASONS = RoutingReason.values();

	private static final int WITHOUT_WRITES = 0;

	private static final int WITH_WRITES = 1;

	private final Map<String, LongAdder[]> counts = new ConcurrentHashMap<>();

	/** By transaction name: read-write transactions that ended without a write, and with one. */
	private final Map<String, LongAdder[]> transactions = new ConcurrentHashMap<>();

	private final List<Consumer<String>> transactionNameCallbacks = new CopyOnWriteArrayList<>();

	@Override
	public void onRouted(RoutingDecision decision) {
		counters(decision.target())[decision.reason().ordinal()].increment();
	}

	/**
	 * How many connections went to {@code target} for {@code reason}.
	 * @param target the target name
	 * @param reason the reason
	 * @return the count so far
	 */
	public long count(String target, RoutingReason reason) {
		return counters(target)[reason.ordinal()].sum();
	}

	/**
	 * Every count so far, by target, then by reason tag; zero counts left out.
	 * @return the counts
	 */
	public Map<String, Map<String, Long>> snapshot() {
		Map<String, Map<String, Long>> snapshot = new TreeMap<>();
		this.counts.forEach((target, counters) -> {
			Map<String, Long> byReason = new TreeMap<>();
			for (RoutingReason reason : REASONS) {
				long count = counters[reason.ordinal()].sum();
				if (count > 0) {
					byReason.put(reason.tag(), count);
				}
			}
			snapshot.put(target, byReason);
		});
		return snapshot;
	}

	private LongAdder[] counters(String target) {
		LongAdder[] counters = this.counts.get(target);
		return (counters != null) ? counters : this.counts.computeIfAbsent(target, (key) -> {
			LongAdder[] created = new LongAdder[REASONS.length];
			for (int i = 0; i < created.length; i++) {
				created[i] = new LongAdder();
			}
			return created;
		});
	}

	/**
	 * A named read-write transaction ended.
	 * @param name the transaction's name
	 * @param wrote whether it wrote (or may have)
	 */
	void readWriteTransactionEnded(String name, boolean wrote) {
		LongAdder[] counters = this.transactions.get(name);
		if (counters == null) {
			if (this.transactions.size() >= MAX_TRANSACTION_NAMES) {
				return;
			}
			counters = this.transactions.computeIfAbsent(name, (key) -> new LongAdder[] { new LongAdder(), new LongAdder() });
			this.transactionNameCallbacks.forEach((callback) -> callback.accept(name));
		}
		counters[wrote ? WITH_WRITES : WITHOUT_WRITES].increment();
	}

	/**
	 * How many read-write transactions of that name ended without writing.
	 * @param transactionName the transaction's name (usually {@code Class.method})
	 * @return the count so far
	 */
	public long readWriteTransactionsWithoutWrites(String transactionName) {
		LongAdder[] counters = this.transactions.get(transactionName);
		return (counters != null) ? counters[WITHOUT_WRITES].sum() : 0;
	}

	/**
	 * The read-write transactions that could be read-only: by name, how many ran, for the names
	 * whose transactions have never written. A name that wrote even once is left out: marking it
	 * read-only would refuse that write.
	 * @return the candidates, by name
	 */
	public Map<String, Long> readOnlyCandidates() {
		Map<String, Long> candidates = new TreeMap<>();
		this.transactions.forEach((name, counters) -> {
			if (counters[WITH_WRITES].sum() == 0) {
				candidates.put(name, counters[WITHOUT_WRITES].sum());
			}
		});
		return candidates;
	}

	/**
	 * Calls {@code callback} with the name of every read-write transaction counted so far, and
	 * then with each new one when it is first counted (on the thread that ends it), so that a
	 * metric can be registered per name.
	 * @param callback told each transaction name once (or, rarely, twice when it races with a new name)
	 */
	public void eachTransactionName(Consumer<String> callback) {
		this.transactionNameCallbacks.add(callback);
		this.transactions.keySet().forEach(callback);
	}

}
