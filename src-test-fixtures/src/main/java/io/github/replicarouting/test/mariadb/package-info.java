/**
 * MariaDB for the fixtures: {@link io.github.replicarouting.test.mariadb.ReplicatedMariaDb}, a
 * real primary with GTID replicas, embedded or in containers, and
 * {@link io.github.replicarouting.test.mariadb.ReplicatedMariaDbTest}, which gives a JUnit or
 * Spring test class its own.
 */
@NullMarked
package io.github.replicarouting.test.mariadb;

import org.jspecify.annotations.NullMarked;
