package io.github.replicarouting;

/**
 * Tells from a statement's text what it may do, without parsing it: whether it writes, so that
 * a read-only route refuses it before it is sent, and whether it needs the primary, for work
 * outside a transaction that {@code non-transactional-reads: replica} routes by its SQL.
 * Comments, string literals and quoted names are skipped, so that a keyword inside them counts
 * for nothing.
 *
 * <p>
 * Needing the primary is the wider of the two: besides writes, a procedure call ({@code CALL},
 * {@code {call ...}}), a locking read ({@code FOR UPDATE}, {@code FOR SHARE},
 * {@code LOCK IN SHARE MODE}) and a sequence ({@code nextval(}, {@code setval(},
 * {@code NEXT VALUE FOR}) go there. Those are not refused on a read-only route: a procedure or a
 * function may only read, and one that writes is refused by the server, where the route is
 * read-only too.
 */
final class SqlStatements {

	private static final String[] WRITE_KEYWORDS = { "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE",
			"CREATE", "ALTER", "DROP", "TRUNCATE", "GRANT", "REVOKE", "RENAME", "COMMENT" };

	/** First keywords of statements that run code which may write. */
	private static final String[] MAY_WRITE_KEYWORDS = { "CALL", "DO", "EXEC", "EXECUTE", "LOAD" };

	/** Writes inside a data-modifying {@code WITH}, or explained by an {@code EXPLAIN} (which may run them). */
	private static final String[] EMBEDDED_WRITE_KEYWORDS = { "INSERT", "UPDATE", "DELETE", "MERGE" };

	private SqlStatements() {
	}

	/**
	 * Whether the statement writes: refused on a read-only route.
	 * @param sql the statement
	 * @return {@code true} for a write
	 */
	static boolean isWrite(String sql) {
		return new Scan(sql, true).kind() == Kind.WRITES;
	}

	/**
	 * Whether the statement may write: a write, or code that may write (a procedure, a sequence).
	 * @param sql the statement
	 * @return {@code true} if it may write
	 */
	static boolean mayWrite(String sql) {
		return new Scan(sql, false).kind().compareTo(Kind.MAY_WRITE) >= 0;
	}

	/**
	 * Whether the statement must run on the primary: it may write, or it locks rows.
	 * @param sql the statement
	 * @return {@code true} unless it only reads
	 */
	static boolean needsPrimary(String sql) {
		return new Scan(sql, false).kind() != Kind.READS;
	}

	/** What a statement may do, in increasing order of what it needs. */
	enum Kind {

		READS, LOCKS, MAY_WRITE, WRITES

	}

	/**
	 * One pass over the statement's words, outside comments and quotes; several statements
	 * separated by {@code ;} count as the most demanding of them.
	 */
	private static final class Scan {

		private final String sql;

		private final boolean writesOnly;

		private int position;

		private Kind kind = Kind.READS;

		// The statement being read: its first keyword's kind, its words so far, the two before.
		private int words;

		private boolean embeddedWrites;

		private boolean copy;

		private int depth;

		private int previous = -1;

		private int previousEnd = -1;

		private int beforePrevious = -1;

		private int beforePreviousEnd = -1;

		Scan(String sql, boolean writesOnly) {
			this.sql = sql;
			this.writesOnly = writesOnly;
		}

		Kind kind() {
			int length = this.sql.length();
			while (this.position < length && this.kind != Kind.WRITES) {
				char c = this.sql.charAt(this.position);
				if (Character.isLetter(c) || c == '_') {
					int start = this.position;
					this.position = wordEnd(start);
					word(start, this.position);
					if (this.words == 1 && this.writesOnly && !this.embeddedWrites && !this.copy
							&& this.sql.indexOf(';', this.position) < 0) {
						// Only the first keyword tells a write here, and no other statement follows.
						break;
					}
				}
				else {
					symbol(c);
				}
			}
			return this.kind;
		}

		private void symbol(char c) {
			switch (c) {
				case '-' -> this.position = startsWith("--") ? lineEnd() : this.position + 1;
				case '/' -> this.position = startsWith("/*") ? commentEnd() : this.position + 1;
				case '\'', '"', '`' -> this.position = quoteEnd(c);
				case '$' -> this.position = dollarQuoteEnd();
				case '(' -> {
					this.depth++;
					this.position++;
				}
				case ')' -> {
					this.depth--;
					this.position++;
				}
				case ';' -> {
					this.words = 0;
					this.embeddedWrites = false;
					this.copy = false;
					this.depth = 0;
					this.previous = -1;
					this.beforePrevious = -1;
					this.position++;
				}
				default -> this.position++;
			}
		}

		private void word(int start, int end) {
			this.words++;
			if (this.words == 1) {
				firstWord(start, end);
			}
			else if (this.embeddedWrites && isAny(start, end, EMBEDDED_WRITE_KEYWORDS) && !calledAsFunction(end)
					&& !lockClause(start, end)) {
				found(Kind.WRITES);
			}
			else if (this.copy && this.depth == 0 && is(start, end, "FROM")) {
				// COPY ... FROM loads a table; COPY ... TO, or a FROM inside COPY (SELECT ...), reads.
				found(Kind.WRITES);
			}
			if (!this.writesOnly) {
				if (lockClause(start, end)) {
					found(Kind.LOCKS);
				}
				else if (((is(start, end, "NEXTVAL") || is(start, end, "SETVAL")) && calledAsFunction(end))
						|| (is(start, end, "FOR") && is(this.previous, this.previousEnd, "VALUE")
								&& is(this.beforePrevious, this.beforePreviousEnd, "NEXT"))) {
					found(Kind.MAY_WRITE);
				}
			}
			this.beforePrevious = this.previous;
			this.beforePreviousEnd = this.previousEnd;
			this.previous = start;
			this.previousEnd = end;
		}

		private void firstWord(int start, int end) {
			if (isAny(start, end, WRITE_KEYWORDS)) {
				found(Kind.WRITES);
			}
			else if (is(start, end, "WITH") || is(start, end, "EXPLAIN") || is(start, end, "DESCRIBE")
					|| is(start, end, "DESC")) {
				this.embeddedWrites = true;
			}
			else if (is(start, end, "COPY")) {
				this.copy = true;
			}
			else if (!this.writesOnly && isAny(start, end, MAY_WRITE_KEYWORDS)) {
				found(Kind.MAY_WRITE);
			}
			else if (!this.writesOnly && is(start, end, "LOCK")) {
				found(Kind.LOCKS);
			}
		}

		/** {@code FOR UPDATE}, {@code FOR [NO KEY] UPDATE}, {@code FOR [KEY] SHARE}, {@code IN SHARE MODE}. */
		private boolean lockClause(int start, int end) {
			if (is(start, end, "UPDATE") || is(start, end, "SHARE")) {
				return is(this.previous, this.previousEnd, "FOR") || is(this.previous, this.previousEnd, "KEY")
						|| (is(start, end, "SHARE") && is(this.previous, this.previousEnd, "IN"));
			}
			return false;
		}

		private void found(Kind found) {
			if (found.compareTo(this.kind) > 0) {
				this.kind = found;
			}
		}

		private boolean calledAsFunction(int end) {
			int i = end;
			while (i < this.sql.length() && Character.isWhitespace(this.sql.charAt(i))) {
				i++;
			}
			return i < this.sql.length() && this.sql.charAt(i) == '(';
		}

		private boolean isAny(int start, int end, String[] keywords) {
			for (String keyword : keywords) {
				if (is(start, end, keyword)) {
					return true;
				}
			}
			return false;
		}

		private boolean is(int start, int end, String keyword) {
			return start >= 0 && end - start == keyword.length() && this.sql.regionMatches(true, start, keyword, 0, end - start);
		}

		private int wordEnd(int start) {
			int i = start + 1;
			while (i < this.sql.length()) {
				char c = this.sql.charAt(i);
				if (!Character.isLetterOrDigit(c) && c != '_' && c != '$') {
					break;
				}
				i++;
			}
			return i;
		}

		private boolean startsWith(String prefix) {
			return this.sql.startsWith(prefix, this.position);
		}

		private int lineEnd() {
			int end = this.sql.indexOf('\n', this.position);
			return (end < 0) ? this.sql.length() : end + 1;
		}

		private int commentEnd() {
			if (startsWith("/*!")) {
				// A MySQL executable comment: its content runs. Read it, past its version number.
				int i = this.position + 3;
				while (i < this.sql.length() && Character.isDigit(this.sql.charAt(i))) {
					i++;
				}
				return i;
			}
			int end = this.sql.indexOf("*/", this.position + 2);
			return (end < 0) ? this.sql.length() : end + 2;
		}

		/** Past a quoted literal or name; a doubled quote, or a backslash in a string, escapes. */
		private int quoteEnd(char quote) {
			int i = this.position + 1;
			while (i < this.sql.length()) {
				char c = this.sql.charAt(i);
				if (c == '\\' && quote == '\'') {
					i += 2;
				}
				else if (c == quote) {
					if (i + 1 < this.sql.length() && this.sql.charAt(i + 1) == quote) {
						i += 2;
					}
					else {
						return i + 1;
					}
				}
				else {
					i++;
				}
			}
			return i;
		}

		/** Past a PostgreSQL dollar-quoted string ({@code $$...$$}, {@code $tag$...$tag$}). */
		private int dollarQuoteEnd() {
			int i = this.position + 1;
			while (i < this.sql.length() && (Character.isLetterOrDigit(this.sql.charAt(i)) || this.sql.charAt(i) == '_')) {
				i++;
			}
			boolean tagged = i < this.sql.length() && this.sql.charAt(i) == '$'
					&& (i == this.position + 1 || !Character.isDigit(this.sql.charAt(this.position + 1)));
			if (!tagged) {
				// A parameter such as $1, or a lone dollar sign.
				return this.position + 1;
			}
			String tag = this.sql.substring(this.position, i + 1);
			int end = this.sql.indexOf(tag, i + 1);
			return (end < 0) ? this.sql.length() : end + tag.length();
		}

	}

}
