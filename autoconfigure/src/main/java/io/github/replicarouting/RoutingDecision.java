package io.github.replicarouting;

import org.jspecify.annotations.Nullable;

/**
 * Where one connection was routed and why.
 *
 * @param target the name of the target that serves the connection: {@value #PRIMARY} or a
 * replica's configured name
 * @param reason why that target was chosen
 * @param transactionName the name of the Spring transaction the connection serves (usually the
 * {@code Class.method} that declared it), or {@code null} outside a named transaction
 */
public record RoutingDecision(String target, RoutingReason reason, @Nullable String transactionName) {

	/**
	 * The target name of the primary.
	 */
	public static final String PRIMARY = "primary";

	/**
	 * Whether the connection went to the primary.
	 * @return {@code true} for the primary
	 */
	public boolean isPrimary() {
		return PRIMARY.equals(this.target);
	}

}
