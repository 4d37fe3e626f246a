package io.github.replicarouting.test.mariadb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.test.ReplicationPosition;

/**
 * A MariaDB GTID position such as {@code 0-1-42}: for each replication domain, the server that
 * wrote its last transaction and that transaction's sequence number. A replica has everything up
 * to a position when, in each of the position's domains, its own sequence number is at least as
 * high. The empty position (nothing written yet) is reached by every server.
 */
public final class GtidPosition implements ReplicationPosition<GtidPosition> {

	private final String text;

	private final Map<Long, Long> sequences;

	private GtidPosition(String text, Map<Long, Long> sequences) {
		this.text = text;
		this.sequences = sequences;
	}

	/**
	 * Reads a position as MariaDB prints it ({@code @@gtid_binlog_pos}, {@code @@gtid_slave_pos}).
	 * @param text for example {@code 0-1-42} or {@code 0-1-42,1-2-7}; {@code null} or blank for
	 * the empty position
	 * @return the position
	 * @throws IllegalArgumentException if the text is not a GTID position
	 */
	public static GtidPosition parse(@Nullable String text) {
		String trimmed = (text != null) ? text.strip() : "";
		Map<Long, Long> sequences = new LinkedHashMap<>();
		if (!trimmed.isEmpty()) {
			for (String gtid : trimmed.split(",")) {
				String[] parts = gtid.strip().split("-");
				if (parts.length != 3) {
					throw new IllegalArgumentException("Not a GTID position: '" + text + "'");
				}
				try {
					sequences.put(Long.parseLong(parts[0]), Long.parseLong(parts[2]));
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException("Not a GTID position: '" + text + "'", ex);
				}
			}
		}
		return new GtidPosition(trimmed, Collections.unmodifiableMap(sequences));
	}

	/**
	 * The sequence number of the last transaction of one domain.
	 * @param domain the replication domain, {@code 0} unless configured otherwise
	 * @return the sequence number, {@code 0} when the domain has none
	 */
	public long sequence(long domain) {
		return this.sequences.getOrDefault(domain, 0L);
	}

	/**
	 * Whether this position includes every transaction of {@code other}.
	 * @param other the position to reach
	 * @return {@code true} when, in every domain of {@code other}, this position is at least as far
	 */
	@Override
	public boolean isAtLeast(GtidPosition other) {
		return other.sequences.entrySet().stream().allMatch((entry) -> sequence(entry.getKey()) >= entry.getValue());
	}

	/**
	 * Whether nothing was written yet.
	 * @return {@code true} for the empty position
	 */
	public boolean isEmpty() {
		return this.sequences.isEmpty();
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof GtidPosition position) && this.sequences.equals(position.sequences);
	}

	@Override
	public int hashCode() {
		return this.sequences.hashCode();
	}

	/**
	 * The position as MariaDB prints it, for {@code MASTER_GTID_WAIT}.
	 * @return for example {@code 0-1-42}; empty for the empty position
	 */
	@Override
	public String toString() {
		return this.text;
	}

}
