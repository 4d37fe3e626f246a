package io.github.replicarouting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one call of a method annotated {@link AwaitReplication} waits for: the write transactions
 * that committed inside it (their position read when the call waits, not after each commit), and the routing data source whose replicas
 * replay it. The router records each commit ({@link Router#afterWrite}); the advisor waits when
 * the method returns. Thread-safe: work the method hands to other threads carries it along.
 */
final class ReplicationWait {

	private @Nullable ReplicationAwaiter awaiter;

	/** The latest commit on each writer: its position covers the writer's earlier ones. */
	private final Map<PositionSampler, Long> commits = new LinkedHashMap<>();

	private boolean positionUnknown;

	/**
	 * A write transaction committed.
	 * @param ticket the commit, whose position is read when the call waits; {@code null} when it
	 * could not be recorded
	 * @param awaiter the replicas of the data source it committed on
	 */
	synchronized void committed(PositionSampler.@Nullable Ticket ticket, ReplicationAwaiter awaiter) {
		this.awaiter = awaiter;
		if (ticket == null) {
			this.positionUnknown = true;
			return;
		}
		this.commits.merge(ticket.sampler(), ticket.sequence(), Math::max);
	}

	/** Take over what an inner call recorded, so that the outer one waits for it too. */
	void addTo(ReplicationWait outer) {
		Recorded recorded = recorded();
		ReplicationAwaiter awaiter = recorded.awaiter();
		if (awaiter != null) {
			if (recorded.positionUnknown()) {
				outer.committed(null, awaiter);
			}
			recorded.tickets().forEach((ticket) -> outer.committed(ticket, awaiter));
		}
	}

	private synchronized Recorded recorded() {
		List<PositionSampler.Ticket> tickets = new ArrayList<>();
		this.commits.forEach((sampler, sequence) -> tickets.add(new PositionSampler.Ticket(sampler, sequence)));
		return new Recorded(this.awaiter, tickets, this.positionUnknown);
	}

	/**
	 * Return once {@code replicas} replicas have replayed every write recorded, at once when
	 * there was none. The writes' position is read first: one sample of the primary started after
	 * the last of them committed (shared with every other write waiting for one).
	 * @throws ReplicationTimeoutException when they did not within {@code timeout}, or a
	 * position could not be read
	 */
	void await(int replicas, Duration timeout, String method) {
		Recorded recorded = recorded();
		ReplicationAwaiter awaiter = recorded.awaiter();
		if (awaiter == null) {
			return;
		}
		boolean unknown = recorded.positionUnknown();
		long position = -1;
		for (PositionSampler.Ticket ticket : recorded.tickets()) {
			long sampled = ticket.position();
			unknown |= sampled < 0;
			position = Math.max(position, sampled);
		}
		if (unknown) {
			throw new ReplicationTimeoutException("The writes of " + method + " are committed on the primary, but the "
					+ "log position of one could not be read after its commit, so no replica could confirm it (0 of "
					+ replicas + " asked for by @AwaitReplication). Do not retry the writes as if they had failed.",
					replicas, List.of());
		}
		awaiter.await(position, replicas, timeout, method);
	}

	/** What the call recorded, read at once. */
	private record Recorded(@Nullable ReplicationAwaiter awaiter, List<PositionSampler.Ticket> tickets,
			boolean positionUnknown) {

	}

}
