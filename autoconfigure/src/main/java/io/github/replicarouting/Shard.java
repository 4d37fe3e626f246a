package io.github.replicarouting;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Picks the primary+replica group ({@code replica-routing.shards.<name>}) of the transactions
 * started inside the annotated method, or every method of the annotated class: a SpEL expression
 * over the method's arguments ({@code "#tenantId"}, {@code "@tenants.shardOf(#order.tenant)"})
 * whose value is the shard's name. A transaction never spans shards: calling a method for another
 * shard while a transaction runs fails with {@link ShardMismatchException}.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Shard {

	/**
	 * The SpEL expression whose value names the shard, evaluated on the method's arguments
	 * ({@code #name}, or {@code #p0}), with {@code @bean} references.
	 * @return the expression
	 */
	String value();

}
