package io.github.replicarouting;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Thrown when a statement that writes is about to run on a read-only route, before it is sent:
 * a write inside {@code @Transactional(readOnly = true)}, {@code ReplicaRouting.onReplica}, or a
 * Spring Data repository query method called outside a transaction
 * ({@code replica-routing.repository-reads}).
 * Nothing is written; the fix is in the code that declared the route.
 */
public class ReadOnlyRouteViolationException extends InvalidDataAccessApiUsageException {

	/** The method that declared the read-only route. */
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
	 * The exception for a write on a read-only route, naming the method that declared it: the
	 * current transaction's, else the one the route was chosen in, else the current one.
	 * @param routedIn the routing context the route was chosen in, if known
	 * @param target the target the route was sent to
	 * @param sql the statement that was refused
	 */
	static ReadOnlyRouteViolationException of(@Nullable RoutingContext routedIn, String target, String sql) {
		String method = TransactionSynchronizationManager.getCurrentTransactionName();
		RoutingContext declared = (routedIn != null) ? routedIn : RoutingContext.current();
		if (method == null && declared.repositoryRead() && declared.method() != null) {
			return repositoryRead(declared.method(), target, sql);
		}
		if (method == null) {
			method = (declared.method() != null) ? declared.method() : RoutingContext.current().method();
		}
		return new ReadOnlyRouteViolationException((method != null) ? method : "(unknown method)", target, sql);
	}

	/**
	 * A write by a Spring Data repository method that was called outside a transaction and so
	 * routed as a read ({@code replica-routing.repository-reads}).
	 */
	private static ReadOnlyRouteViolationException repositoryRead(String method, String target, String sql) {
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
