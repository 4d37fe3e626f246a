package io.github.replicarouting;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Turns a {@link ConsistencyScope} into the token a client carries between requests and back,
 * authenticated with an HMAC-SHA256 so that only an instance holding the same key can have made
 * it. A token is {@code 3.<write time>.<position or ->.<read position or ->.<read time>.<mac>}:
 * the format's version, when the scope last wrote (epoch milliseconds), the primary's log position
 * after that write ({@code -} when unknown), the highest position the scope's reads saw ({@code -}
 * when none) and when (epoch milliseconds), and the first 128 bits of the MAC of the rest, in unpadded base64url. Every character is safe in
 * a cookie and a header, and a token stays under 120 characters. Tokens of version 2 (without the
 * read position) are still accepted, so that instances can be upgraded one at a time.
 *
 * <p>
 * A scope with records per shard ({@code replica-routing.shards}) makes a token of version 4:
 * {@code 4.<shard>~<write time>~<position>~<read position>~<read time>...<mac>}, one part per shard
 * the scope used. A token of version 3, which names no shard, holds for every shard.
 *
 * <p>
 * A token that does not verify (forged, edited, signed with another key, malformed, of another
 * version) is worth nothing: {@link #scope(String, long)} answers {@code null} and the client
 * reads as one that never wrote. Instances that share tokens (behind one load balancer) must
 * share the key.
 */
public final class ConsistencyTokens {

	/** The shortest secret accepted, in bytes of UTF-8: the HMAC's own output size. */
	public static final int MIN_SECRET_LENGTH = 32;

	private static final String ALGORITHM = "HmacSHA256";

	private static final String VERSION = "3";

	private static final String PREVIOUS_VERSION = "2";

	private static final String SHARDED_VERSION = "4";

	/** Cookies take 4096 bytes, name and attributes included. */
	private static final int MAX_SHARDED_TOKEN_LENGTH = 3072;

	private static final int MAC_BYTES = 16;

	private static final int MAX_TOKEN_LENGTH = 120;

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final SecretKeySpec key;

	private final Mac prototype;

	private final boolean cloneable;

	private final boolean randomKey;

	private ConsistencyTokens(byte[] key, boolean randomKey) {
		this.key = new SecretKeySpec(key, ALGORITHM);
		Arrays.fill(key, (byte) 0);
		this.prototype = initializedMac(this.key);
		this.cloneable = isCloneable(this.prototype);
		this.randomKey = randomKey;
	}

	private static Mac initializedMac(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
		}
	}

	private static boolean isCloneable(Mac mac) {
		try {
			mac.clone();
			return true;
		}
		catch (CloneNotSupportedException ex) {
			return false;
		}
	}

	/**
	 * Tokens keyed by {@code secret}, which every instance that must accept the tokens of the
	 * others shares.
	 * @param secret the secret, at least {@value #MIN_SECRET_LENGTH} bytes of UTF-8
	 * @return the tokens
	 */
	public static ConsistencyTokens withSecret(String secret) {
		byte[] key = secret.getBytes(StandardCharsets.UTF_8);
		Assert.isTrue(key.length >= MIN_SECRET_LENGTH,
				() -> "The token secret must be at least " + MIN_SECRET_LENGTH + " bytes long");
		return new ConsistencyTokens(key, false);
	}

	/**
	 * Tokens keyed by a random key of this instance alone: other instances ignore its tokens.
	 * @return the tokens
	 */
	public static ConsistencyTokens withRandomKey() {
		byte[] key = new byte[MIN_SECRET_LENGTH];
		new SecureRandom().nextBytes(key);
		return new ConsistencyTokens(key, true);
	}

	/**
	 * Whether the key is this instance's own random one, so that other instances ignore its
	 * tokens.
	 * @return {@code true} for a random key
	 */
	public boolean isRandomKey() {
		return this.randomKey;
	}

	/**
	 * The token of {@code scope} as it stands. A token always carries a resolved position: in
	 * causal mode, the position of the scope's last write is read here if no read has needed it
	 * yet (one sample of the primary, shared with every write committed before it).
	 * @param scope the scope
	 * @return the token
	 */
	public String token(ConsistencyScope scope) {
		if (!scope.shards().isEmpty()) {
			StringBuilder payload = new StringBuilder(SHARDED_VERSION);
			scope.shards().forEach((name, shard) -> payload.append('.').append(name).append('~')
				.append(fields(shard.resolvedSnapshot(), "~")));
			return payload + "." + mac(payload.toString());
		}
		String payload = VERSION + "." + fields(scope.resolvedSnapshot(), ".");
		return payload + "." + mac(payload);
	}

	private static String fields(ConsistencyScope.Snapshot snapshot, String separator) {
		return Math.max(0, snapshot.lastWriteMillis()) + separator + position(snapshot.position()) + separator
				+ position(snapshot.readPosition()) + separator + Math.max(0, snapshot.readMillis());
	}

	/**
	 * The scope a token describes, if the token verifies.
	 * @param token the token, as {@link #token(ConsistencyScope)} made it
	 * @param nowMillis the current time, which a write time from the token may not exceed
	 * @return the scope, or {@code null} when the token is malformed or does not verify
	 */
	public @Nullable ConsistencyScope scope(@Nullable String token, long nowMillis) {
		if (token == null || token.isEmpty() || token.length() > MAX_SHARDED_TOKEN_LENGTH
				|| (token.length() > MAX_TOKEN_LENGTH && !token.startsWith(SHARDED_VERSION + "."))) {
			return null;
		}
		int macStart = token.lastIndexOf('.');
		if (macStart < 0) {
			return null;
		}
		String payload = token.substring(0, macStart);
		byte[] expected = mac(payload).getBytes(StandardCharsets.US_ASCII);
		byte[] given = token.substring(macStart + 1).getBytes(StandardCharsets.US_ASCII);
		// Constant time: how much of a guess matched must not show in how long the answer takes.
		if (!MessageDigest.isEqual(expected, given)) {
			return null;
		}
		return parse(payload, nowMillis);
	}

	private static String position(long position) {
		return (position < 0) ? "-" : Long.toString(position);
	}

	private static @Nullable ConsistencyScope parse(String payload, long nowMillis) {
		String[] parts = payload.split("\\.", -1);
		if (SHARDED_VERSION.equals(parts[0])) {
			return parseSharded(parts, nowMillis);
		}
		boolean current = parts.length == 5 && VERSION.equals(parts[0]) && isPosition(parts[3]) && isNumber(parts[4]);
		boolean previous = parts.length == 3 && PREVIOUS_VERSION.equals(parts[0]);
		if (!(current || previous) || !isNumber(parts[1]) || !isPosition(parts[2])) {
			return null;
		}
		try {
			long lastWrite = Math.min(Long.parseLong(parts[1]), nowMillis);
			long readPosition = current ? parsePosition(parts[3]) : -1;
			long readMillis = current ? Math.min(Long.parseLong(parts[4]), nowMillis) : Long.MIN_VALUE;
			return ConsistencyScope.of(lastWrite, parsePosition(parts[2]), readPosition, readMillis);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable ConsistencyScope parseSharded(String[] parts, long nowMillis) {
		Map<String, ConsistencyScope.Snapshot> shards = new LinkedHashMap<>();
		for (int i = 1; i < parts.length; i++) {
			String[] fields = parts[i].split("~", -1);
			if (fields.length != 5 || !isShardName(fields[0]) || !isNumber(fields[1]) || !isPosition(fields[2])
					|| !isPosition(fields[3]) || !isNumber(fields[4])) {
				return null;
			}
			try {
				long lastWrite = Math.min(Long.parseLong(fields[1]), nowMillis);
				long readMillis = Math.min(Long.parseLong(fields[4]), nowMillis);
				// As version 3 reads its fields.
				shards.put(fields[0], new ConsistencyScope.Snapshot(lastWrite, parsePosition(fields[2]),
						parsePosition(fields[3]), readMillis));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return shards.isEmpty() ? null : ConsistencyScope.ofShards(shards);
	}

	private static boolean isShardName(String text) {
		if (text.isEmpty() || text.length() > 100) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
				return false;
			}
		}
		return true;
	}

	private static boolean isPosition(String text) {
		return isNumber(text) || "-".equals(text);
	}

	private static long parsePosition(String text) {
		return "-".equals(text) ? -1 : Long.parseLong(text);
	}

	private static boolean isNumber(String text) {
		if (text.isEmpty() || text.length() > 19) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private String mac(String payload) {
		byte[] mac = newMac().doFinal(payload.getBytes(StandardCharsets.UTF_8));
		return BASE64.encodeToString(Arrays.copyOf(mac, MAC_BYTES));
	}

	/**
	 * A {@link Mac} is not thread-safe: each use gets a copy of the initialised one, which is much
	 * cheaper than looking the algorithm up again (where the provider cannot copy, it does that).
	 */
	private Mac newMac() {
		if (this.cloneable) {
			try {
				return (Mac) this.prototype.clone();
			}
			catch (CloneNotSupportedException ex) {
				// Checked at construction; fall through.
			}
		}
		return initializedMac(this.key);
	}

	@Override
	public String toString() {
		return "ConsistencyTokens (HmacSHA256, " + (this.randomKey ? "random key of this instance" : "shared secret")
				+ ")";
	}

}
