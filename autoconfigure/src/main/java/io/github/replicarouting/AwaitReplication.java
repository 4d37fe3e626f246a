package io.github.replicarouting;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the annotated method (or any method of the annotated class) return only once
 * {@link #replicas()} replicas have replayed every write transaction that committed inside it:
 * a write that readers on any of those replicas see as soon as the call returns. The commit's
 * log position is read on the primary right after it commits; the wait asks the replicas how far
 * they have replayed, never the primary. On timeout the call fails with
 * {@link ReplicationTimeoutException}: the write <em>is committed</em>, only not yet replicated as
 * asked.
 *
 * <p>
 * It waits for the transactions that commit inside the method: put it on a method that begins
 * and commits its own transaction (with its {@code @Transactional}), or that calls one. A method
 * that joins a transaction already running commits nothing itself; nothing is waited for. A
 * database without replication log positions fails at startup naming the annotated method.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface AwaitReplication {

	/**
	 * How many replicas must have replayed the writes, at least 1 and at most the number
	 * configured.
	 * @return the number of replicas
	 */
	int replicas() default 1;

	/**
	 * How long to wait for them after the method's work is done, greater than zero:
	 * {@code "2s"}, {@code "500ms"} or ISO-8601 such as {@code "PT2S"}.
	 * @return the timeout
	 */
	String timeout() default "2s";

}
