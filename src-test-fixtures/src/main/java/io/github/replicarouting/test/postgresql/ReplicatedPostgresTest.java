package io.github.replicarouting.test.postgresql;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.context.ContextCustomizerFactories;

import io.github.replicarouting.test.Backend;

/**
 * Runs a test class against its own {@link ReplicatedPostgres} cluster, started before the first
 * test and closed after the last (shared with {@code @Nested} classes). Test methods, constructors
 * and lifecycle methods can declare a {@code ReplicatedPostgres} parameter; other code reaches the
 * cluster with {@link ReplicatedPostgres#forTestClass(Class)}. In a Spring test the cluster's
 * {@code replica-routing.*} properties are added to the test's environment, so the application
 * routes over the cluster with no further configuration. With
 * {@code backend = Backend.CONTAINERS} and no Docker engine the class is skipped, saying why,
 * unless the environment variable {@code REPLICA_ROUTING_REQUIRE_DOCKER} (or the system property
 * {@code replica-routing.containers.require-docker}) is {@code true}: then it fails, so that a CI
 * run can never skip these tests silently. Declare it before {@code @SpringBootTest}: JUnit then
 * closes the Spring context (and its replica probes) before the cluster.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ReplicatedPostgresExtension.class)
@ContextCustomizerFactories(ReplicatedPostgresContextCustomizerFactory.class)
public @interface ReplicatedPostgresTest {

	/**
	 * How many streaming replicas to start next to the primary.
	 * @return the number of replicas
	 */
	int replicas() default 2;

	/**
	 * Where the servers run.
	 * @return the backend, {@link Backend#EMBEDDED} by default
	 */
	Backend backend() default Backend.EMBEDDED;

	/**
	 * The image the containers run; empty for the builder's default (see
	 * {@link ReplicatedPostgres.Builder}). Only with {@code backend = Backend.CONTAINERS}.
	 * @return the image name, or empty
	 */
	String image() default "";

	/**
	 * Whether a Spring test's environment gets the cluster's {@code replica-routing.*} properties.
	 * Turn it off to wire the cluster yourself with {@link ReplicatedPostgres#registerProperties}.
	 * @return whether to add the properties
	 */
	boolean registerProperties() default true;

}
