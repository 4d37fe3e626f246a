package io.github.replicarouting;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Thrown when a statement that writes is about to run on a read-only route, before it is sent:
 * a write inside {@code @Transactional(readOnly = true)}, {@code ReplicaRouting.onReplica}, or a
 * Spring Data repository query method called outside a transaction
 * ({@code replica-routing.repository-reads}).
 * Nothing is written; the fix is in the code that declared the route.
 */
public class ReadOnlyRouteViolationException extends InvalidDataAccessApiUsageException {

	private final String method;

	/**
	 * Create a new exception.
	 * @param method the method that declared the read-only route, as {@code Class.method}
	 * @param target the target the route was sent to
	 * @param sql the statement that was refused
	 */
	public ReadOnlyRouteViolationException(String method, String target, String sql) {
		this(method, target, sql, "remove readOnly = true from its @Transactional or annotate it with @UsePrimary");
	}

	private ReadOnlyRouteViolationException(String method, String target, String sql, String fix) {
		super("Write statement in a read-only route declared by " + method + " (routed to '" + target + "'): " + fix
				+ ". Statement: " + abbreviate(sql));
		this.method = method;
	}

	/**
	 * A write by a Spring Data repository method that was called outside a transaction and so
	 * routed as a read ({@code replica-routing.repository-reads}).
	 */
	static ReadOnlyRouteViolationException repositoryRead(String method, String target, String sql) {
		return new ReadOnlyRouteViolationException(method, target, sql,
				"a repository query method called outside a transaction is routed as a read "
						+ "(replica-routing.repository-reads); annotate it with @Transactional or @UsePrimary, "
						+ "or call it inside a read-write transaction");
	}

	/**
	 * The method that declared the read-only route.
	 * @return the method as {@code Class.method}
	 */
	public String getMethod() {
		return this.method;
	}

	private static String abbreviate(String sql) {
		String oneLine = sql.strip().replaceAll("\\s+", " ");
		return (oneLine.length() > 120) ? oneLine.substring(0, 117) + "..." : oneLine;
	}

}
