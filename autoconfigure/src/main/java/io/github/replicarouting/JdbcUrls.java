package io.github.replicarouting;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reduces JDBC URLs to what may be shown, logged or put in an exception: scheme, host(s), port(s)
 * and database, never user info, query parameters or driver settings, where a password can hide
 * under any name ({@code password}, {@code sslpassword}, {@code password1}, H2's
 * {@code ;PASSWORD=}, MySQL's {@code (password=...)}). A form it does not know is reduced to its
 * scheme.
 */
public final class JdbcUrls {

	private static final Pattern SCHEME = Pattern.compile("(?i)[a-z][a-z0-9+.\\-]*(?::[a-z][a-z0-9+.\\-]*)*:");

	private static final Pattern LEADING_SCHEME = Pattern.compile("(?i)(?:jdbc:)?[a-z][a-z0-9+.\\-]*:");

	/** Forms without {@code //} whose rest is a database name up to its first setting. */
	private static final Pattern DATABASE_ONLY = Pattern
		.compile("(?i)(jdbc:(?:h2|hsqldb|derby|sqlite|postgresql):)([^;?&@\\s]*)");

	private static final Pattern HOSTS = Pattern.compile("[\\w.\\-:,\\[\\]%\\\\]*");

	/** MySQL's and MariaDB's {@code address=(host=..)(port=..)} and {@code (host=..,port=..)}. */
	private static final Pattern HOST_OR_PORT = Pattern.compile("(?i)\\b(host|port)=([^()\\[\\],;\\s]*)");

	private static final Pattern DATABASE = Pattern.compile("/[\\w.\\-~/$+%]*");

	private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)jdbc:[^\\s'\"<>]+");

	private JdbcUrls() {
	}

	/**
	 * A JDBC URL reduced to scheme, host(s), port(s) and database, safe to show or log: for example
	 * {@code jdbc:postgresql://db-1:5432,db-2:5433/app} or {@code jdbc:h2:mem:test}.
	 * @param url the URL
	 * @return the reduced URL; only its scheme when its form is unknown
	 */
	public static String reduce(String url) {
		String trimmed = url.strip();
		int slashes = trimmed.indexOf("//");
		if (slashes > 0 && SCHEME.matcher(trimmed.substring(0, slashes)).matches()) {
			String reduced = hierarchical(trimmed.substring(0, slashes), trimmed.substring(slashes + 2));
			if (reduced != null) {
				return reduced;
			}
		}
		Matcher databaseOnly = DATABASE_ONLY.matcher(trimmed);
		if (databaseOnly.lookingAt() && (databaseOnly.end() == trimmed.length()
				|| ";?&".indexOf(trimmed.charAt(databaseOnly.end())) >= 0)) {
			return databaseOnly.group(1) + databaseOnly.group(2);
		}
		Matcher scheme = LEADING_SCHEME.matcher(trimmed);
		return scheme.lookingAt() ? scheme.group() : "";
	}

	/**
	 * A message with every JDBC URL in it reduced, for messages that come from a driver or a pool.
	 * @param text the message, or {@code null}
	 * @return the message with its URLs reduced, or {@code null}
	 */
	public static @Nullable String reduceWithin(@Nullable String text) {
		if (text == null) {
			return null;
		}
		return URL_IN_TEXT.matcher(text).replaceAll((match) -> Matcher.quoteReplacement(reduce(match.group())));
	}

	private static @Nullable String hierarchical(String scheme, String rest) {
		// User info ends at the last '@' before the path: a password may hold '?' or ';'.
		int path = rest.indexOf('/');
		int at = rest.lastIndexOf('@', (path < 0) ? rest.length() : path);
		String fromHost = rest.substring(at + 1);
		int end = indexOfAny(fromHost, "/?;#");
		String hosts = hosts(fromHost.substring(0, end));
		if (hosts == null) {
			return null;
		}
		Matcher database = DATABASE.matcher(fromHost).region(end, fromHost.length());
		return scheme + "//" + hosts + (database.lookingAt() ? database.group() : "");
	}

	private static @Nullable String hosts(String authority) {
		if (authority.indexOf('(') < 0) {
			return HOSTS.matcher(authority).matches() ? authority : null;
		}
		StringBuilder hosts = new StringBuilder();
		boolean portSet = true;
		Matcher part = HOST_OR_PORT.matcher(authority);
		while (part.find()) {
			if (part.group(1).equalsIgnoreCase("host")) {
				hosts.append(hosts.isEmpty() ? "" : ",").append(part.group(2));
				portSet = false;
			}
			else if (!portSet && !hosts.isEmpty()) {
				hosts.append(':').append(part.group(2));
				portSet = true;
			}
		}
		return hosts.isEmpty() ? null : hosts.toString();
	}

	private static int indexOfAny(String text, String characters) {
		for (int i = 0; i < text.length(); i++) {
			if (characters.indexOf(text.charAt(i)) >= 0) {
				return i;
			}
		}
		return text.length();
	}

}
