package io.github.replicarouting.test.postgresql;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.test.ReplicationPosition;

/**
 * A PostgreSQL write-ahead log position (an LSN such as {@code 0/3000148}), comparable so a test
 * can tell whether a replica has replayed as far as the primary has written.
 *
 * @param value the position as an unsigned 64-bit number
 */
public record Lsn(long value) implements Comparable<Lsn>, ReplicationPosition<Lsn> {

	/**
	 * Parses the text form PostgreSQL returns, two hexadecimal halves separated by {@code /}.
	 * @param text for example {@code 16/B374D848}; {@code null} is not an LSN
	 * @return the position
	 * @throws IllegalArgumentException if the text is not an LSN
	 */
	public static Lsn parse(@Nullable String text) {
		int slash = (text != null) ? text.indexOf('/') : -1;
		if (text == null || slash <= 0 || slash == text.length() - 1) {
			throw new IllegalArgumentException("Not a WAL position (expected X/Y in hexadecimal): " + text);
		}
		try {
			long high = Long.parseLong(text.substring(0, slash), 16);
			long low = Long.parseLong(text.substring(slash + 1), 16);
			if (high > 0xFFFFFFFFL || low > 0xFFFFFFFFL || high < 0 || low < 0) {
				throw new IllegalArgumentException("Not a WAL position (halves exceed 32 bits): " + text);
			}
			return new Lsn((high << 32) | low);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not a WAL position (expected X/Y in hexadecimal): " + text, ex);
		}
	}

	/**
	 * Whether this position is at or beyond another.
	 * @param other the position to compare with
	 * @return {@code true} if this position is {@code >= other}
	 */
	@Override
	public boolean isAtLeast(Lsn other) {
		return compareTo(other) >= 0;
	}

	@Override
	public int compareTo(Lsn other) {
		// LSNs are unsigned: positions past 2^63 must still sort after smaller ones.
		return Long.compareUnsigned(this.value, other.value);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%X/%X", this.value >>> 32, this.value & 0xFFFFFFFFL);
	}

}
