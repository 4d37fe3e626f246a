package io.github.replicarouting;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Thrown when a statement that writes is about to run on a read-only route, before it is sent:
 * a write inside {@code @Transactional(readOnly = true)} or {@code ReplicaRouting.onReplica}.
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
		super("Write statement in a read-only route declared by " + method + " (routed to '" + target
				+ "'): remove readOnly = true from its @Transactional or annotate it with @UsePrimary. Statement: "
				+ abbreviate(sql));
		this.method = method;
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
