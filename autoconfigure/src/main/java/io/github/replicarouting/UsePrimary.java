package io.github.replicarouting;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sends every transaction that starts inside the annotated method (or any method of the
 * annotated class) to the primary, read-only or not. Use it for reads that must never be stale,
 * such as a read that decides a write.
 *
 * <p>
 * The route of a transaction is fixed when it starts: a method annotated {@code @UsePrimary}
 * that joins a transaction already running on a replica stays on that replica's connection.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface UsePrimary {

}
