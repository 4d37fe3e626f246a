package io.github.replicarouting;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Bounds how stale the reads inside the annotated method (or any method of the annotated class)
 * may be: a read-only transaction that starts inside goes to a replica only when its health checks
 * prove it no staler than the bound (its lag as the last probe found it, plus that probe's age),
 * else to the primary, counted with reason {@code max-staleness}; with
 * {@code replica-routing.fallback-to-primary=false} it fails with {@link NoRouteAvailableException}
 * instead. The stricter of this bound and {@code replica-routing.max-replication-lag} applies, and
 * the bound is never met by a replica whose staleness is unknown. Nested bounds: the stricter one
 * applies. On a method, it replaces one on its class.
 *
 * <p>
 * A bound shorter than {@code replica-routing.health.probe-interval} sends most reads to the
 * primary, since no replica can be proved fresher than its last probe is old.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface MaxStaleness {

	/**
	 * The bound, greater than zero: {@code "500ms"}, {@code "2s"}, or ISO-8601 such as
	 * {@code "PT0.5S"}. A value that is none of these fails at startup naming the method.
	 * @return the bound
	 */
	String value();

}
