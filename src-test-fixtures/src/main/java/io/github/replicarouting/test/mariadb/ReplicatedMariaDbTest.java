package io.github.replicarouting.test.mariadb;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Runs a test class against its own {@link ReplicatedMariaDb} cluster, started before the first
 * test and closed after the last (shared with {@code @Nested} classes). Test methods, constructors
 * and lifecycle methods can declare a {@code ReplicatedMariaDb} parameter. In a Spring test the
 * cluster's {@code replica-routing.*} properties are added to the test's environment, so the
 * application routes over the cluster with no further configuration. Declare it before
 * {@code @SpringBootTest}: JUnit then closes the Spring context (and its replica probes) before
 * the cluster, not the other way round.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ReplicatedMariaDbExtension.class)
@ContextCustomizerFactories(ReplicatedMariaDbContextCustomizerFactory.class)
public @interface ReplicatedMariaDbTest {

	/**
	 * How many replicas to start next to the primary.
	 * @return the number of replicas
	 */
	int replicas() default 2;

	/**
	 * Whether a Spring test's environment gets the cluster's {@code replica-routing.*} properties.
	 * Turn it off to wire the cluster yourself with {@link ReplicatedMariaDb#registerProperties}.
	 * @return whether to add the properties
	 */
	boolean registerProperties() default true;

}
