/**
 * PostgreSQL for the fixtures: {@link io.github.replicarouting.test.postgresql.ReplicatedPostgres},
 * a real primary with streaming replicas, embedded or in containers, and
 * {@link io.github.replicarouting.test.postgresql.ReplicatedPostgresTest}, which gives a JUnit or
 * Spring test class its own.
 */
@NullMarked
package io.github.replicarouting.test.postgresql;

import org.jspecify.annotations.NullMarked;
