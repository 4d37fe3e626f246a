/**
 * JMH benchmarks of the routing data source against plain HikariCP and its peers.
 */
@NullMarked
package io.github.replicarouting.benchmarks;

import org.jspecify.annotations.NullMarked;
