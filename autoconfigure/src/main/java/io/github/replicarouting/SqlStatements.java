package io.github.replicarouting;

/**
 * Tells a statement that writes from one that reads, by its first keyword, so that a write on a
 * read-only route is refused before it is sent. Deliberately narrow: a statement it cannot place
 * (a procedure call, a data-modifying {@code WITH}) counts as a read and is left to the database,
 * which refuses writes on a replica itself.
 */
final class SqlStatements {

	private static final String[] WRITE_KEYWORDS = { "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE",
			"CREATE", "ALTER", "DROP", "TRUNCATE", "GRANT", "REVOKE", "RENAME", "COMMENT" };

	private SqlStatements() {
	}

	static boolean isWrite(String sql) {
		int start = firstKeyword(sql);
		if (start < 0) {
			return false;
		}
		for (String keyword : WRITE_KEYWORDS) {
			if (sql.regionMatches(true, start, keyword, 0, keyword.length())
					&& !isIdentifierPart(sql, start + keyword.length())) {
				return true;
			}
		}
		return false;
	}

	private static int firstKeyword(String sql) {
		int i = 0;
		int length = sql.length();
		while (i < length) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c) || c == '(') {
				i++;
			}
			else if (sql.startsWith("--", i)) {
				int end = sql.indexOf('\n', i);
				i = (end < 0) ? length : end + 1;
			}
			else if (sql.startsWith("/*", i)) {
				int end = sql.indexOf("*/", i + 2);
				i = (end < 0) ? length : end + 2;
			}
			else {
				return i;
			}
		}
		return -1;
	}

	private static boolean isIdentifierPart(String sql, int index) {
		return index < sql.length() && (Character.isLetterOrDigit(sql.charAt(index)) || sql.charAt(index) == '_');
	}

}
