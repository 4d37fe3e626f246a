package io.github.replicarouting;

import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whoever must see their own writes: a user's session across requests, a thread, or whatever a
 * {@link ConsistencyScopeResolver} says. It remembers when it last wrote and, in causal mode, the
 * primary's log position after that write, and travels between requests and application
 * instances as a token.
 *
 * <p>
 * A token that arrives from a client is untrusted: {@link #fromToken(String, long)} ignores a malformed
 * one, a write time in the future is taken as now, and a position beyond the primary's is clamped
 * to the primary's when a read needs it.
 */
public final class ConsistencyScope {

	private static final Log logger = LogFactory.getLog(ConsistencyScope.class);

	private static final String VERSION = "1";

	private static final int MAX_TOKEN_LENGTH = 64;

	private volatile long lastWriteMillis = Long.MIN_VALUE;

	private volatile long position = -1;

	private volatile @Nullable Consumer<ConsistencyScope> onWrite;

	/**
	 * A scope that has not written yet.
	 */
	public ConsistencyScope() {
	}

	/**
	 * The scope a token describes.
	 * @param token the token, as {@link #token()} made it
	 * @param nowMillis the current time, which a write time from the token may not exceed
	 * @return the scope, or {@code null} when the token is malformed
	 */
	public static @Nullable ConsistencyScope fromToken(@Nullable String token, long nowMillis) {
		if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			return null;
		}
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3 || !VERSION.equals(parts[0]) || !isNumber(parts[1])
				|| !(isNumber(parts[2]) || "-".equals(parts[2]))) {
			return null;
		}
		try {
			ConsistencyScope scope = new ConsistencyScope();
			scope.lastWriteMillis = Math.min(Long.parseLong(parts[1]), nowMillis);
			scope.position = "-".equals(parts[2]) ? -1 : Long.parseLong(parts[2]);
			return scope;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static boolean isNumber(String text) {
		if (text.isEmpty() || text.length() > 19) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (!Character.isDigit(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * This scope as a token that {@link #fromToken(String, long)} reads back.
	 * @return the token
	 */
	public String token() {
		long position = this.position;
		return VERSION + "." + Math.max(0, this.lastWriteMillis) + "." + ((position < 0) ? "-" : position);
	}

	/**
	 * When the scope last wrote.
	 * @return the time in epoch milliseconds, or {@link Long#MIN_VALUE} if it never wrote
	 */
	public long lastWriteMillis() {
		return this.lastWriteMillis;
	}

	/**
	 * The primary's log position after the scope's last write.
	 * @return the position, or -1 when unknown
	 */
	public long position() {
		return this.position;
	}

	/**
	 * Set what to do after each write of the scope, such as sending the new token to a client.
	 * @param onWrite the callback, or {@code null} for none
	 */
	public void onWrite(@Nullable Consumer<ConsistencyScope> onWrite) {
		this.onWrite = onWrite;
	}

	/**
	 * Record a write that committed.
	 * @param millis when it committed
	 * @param position the primary's position after it, or -1 when unknown
	 */
	public void recordWrite(long millis, long position) {
		synchronized (this) {
			this.lastWriteMillis = Math.max(this.lastWriteMillis, millis);
			this.position = Math.max(this.position, position);
		}
		Consumer<ConsistencyScope> callback = this.onWrite;
		if (callback != null) {
			try {
				callback.accept(this);
			}
			catch (RuntimeException ex) {
				// The write has committed: telling a client about it must never make it look failed.
				logger.debug("Could not pass on the consistency token after a write", ex);
			}
		}
	}

	/**
	 * Lower the remembered position to {@code primaryPosition} when it is beyond it: a position
	 * the primary has not reached came from a forged or corrupt token.
	 * @param primaryPosition the primary's current position
	 */
	void clampPosition(long primaryPosition) {
		synchronized (this) {
			if (this.position > primaryPosition) {
				this.position = primaryPosition;
			}
		}
	}

	@Override
	public String toString() {
		return "ConsistencyScope " + token();
	}

}
