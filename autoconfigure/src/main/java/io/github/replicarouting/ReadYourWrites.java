package io.github.replicarouting;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the reads inside the annotated method (or any method of the annotated class) see every
 * write that the same consistency scope committed before, despite replication lag. Reads still go
 * to replicas whenever that is safe: in {@code window} mode when the scope has not written for
 * {@code replica-routing.read-your-writes.window}.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface ReadYourWrites {

}
