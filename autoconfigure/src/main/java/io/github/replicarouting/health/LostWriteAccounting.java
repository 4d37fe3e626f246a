package io.github.replicarouting.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import io.github.replicarouting.health.Failover.FailoverEvent;

/**
 * What a failover may have lost, for the {@link Failover} that moves writes: in
 * {@code failover.lost-writes: exact}, the acknowledged write transactions the promoted node
 * lacks, counted one by one from the old writer's {@link WriteLedger} and asked of the promoted
 * node before writes move there; else, or when some identity cannot be known, bounds from log
 * positions.
 */
final class LostWriteAccounting {

	private final Map<String, PrimaryHealth> writers;

	private final Map<String, ReplicaHealth> readers;

	private final Map<String, ReplicaProber.ConnectionFactory> connections;

	private final int timeoutSeconds;

	private final Clock clock;

	/**
	 * @param writers every node's health as a writer
	 * @param readers every node's health as a reader
	 * @param connections in {@code failover.lost-writes: exact}, opens a connection of its own
	 * to each node; else empty
	 * @param timeoutSeconds how long asking a promoted node may take
	 * @param clock when failovers happen
	 */
	LostWriteAccounting(Map<String, PrimaryHealth> writers, Map<String, ReplicaHealth> readers,
			Map<String, ReplicaProber.ConnectionFactory> connections, int timeoutSeconds, Clock clock) {
		this.writers = writers;
		this.readers = readers;
		this.connections = Map.copyOf(connections);
		this.timeoutSeconds = timeoutSeconds;
		this.clock = clock;
	}

	/**
	 * Writes move from {@code from} to {@code to}: what {@code to} may lack.
	 */
	FailoverEvent accounted(String from, String to) {
		PrimaryHealth old = this.writers.get(from);
		WriteLedger ledger = old.ledger();
		ReplicaProber.ConnectionFactory promoted = this.connections.get(to);
		if (ledger != null && promoted != null) {
			ReplicaHealth reader = this.readers.get(to);
			WriteLedger.Lacking lacking = ledger.lacking((reader != null) ? reader.replayedPosition() : -1, promoted,
					this.timeoutSeconds);
			if (lacking != null) {
				return new FailoverEvent(from, to, Instant.now(this.clock), lacking.writes(), lacking.unknown(), true);
			}
		}
		return new FailoverEvent(from, to, Instant.now(this.clock), writesPossiblyLost(from, to),
				old.writesAcknowledgedSinceLastLook(), false);
	}

	/**
	 * In {@code failover.lost-writes: exact}, the writer forgets the writes every other node has
	 * replayed: no promotion can lose them.
	 * @param writer the node that takes writes
	 */
	void forgetReplicatedWrites(String writer) {
		WriteLedger ledger = this.writers.get(writer).ledger();
		if (ledger == null) {
			return;
		}
		long everywhere = Long.MAX_VALUE;
		for (Map.Entry<String, ReplicaHealth> node : this.readers.entrySet()) {
			if (!node.getKey().equals(writer)) {
				everywhere = Math.min(everywhere, node.getValue().replayedPosition());
			}
		}
		if (everywhere >= 0 && everywhere < Long.MAX_VALUE) {
			ledger.replicatedEverywhere(everywhere);
		}
	}

	/**
	 * How far the new writer was behind the old one's last known position when it was promoted:
	 * PostgreSQL's and MariaDB's promoted node reports how far it had replayed the old primary's
	 * log, and the old one's position was read by its last probe that answered.
	 */
	private long writesPossiblyLost(String from, String to) {
		long acknowledged = this.writers.get(from).replayedPosition();
		ReplicaHealth promoted = this.readers.get(to);
		long replayed = (promoted != null) ? promoted.replayedPosition() : -1;
		return (acknowledged < 0 || replayed < 0) ? -1 : Math.max(0, acknowledged - replayed);
	}

	/** The failover's losses, for its log line. */
	static String describe(FailoverEvent event) {
		if (event.exact()) {
			return "it lacks " + event.writesPossiblyLost() + " write transactions the old primary acknowledged, counted "
					+ "one by one; " + event.writesAcknowledgedAfter() + " writes of unknown identity may be missing too";
		}
		long lost = event.writesPossiblyLost();
		return ((lost < 0) ? "writes possibly lost unknown: no log positions"
				: "it was " + lost + " behind the old primary's last known log position") + "; "
				+ event.writesAcknowledgedAfter()
				+ " write transactions acknowledged after that position was read may be missing too";
	}

}
