/**
 * Helpers shared by the fixtures' databases and backends (embedded and containers, PostgreSQL
 * and MariaDB). Not API: public only so that the database packages can share one copy; anything
 * here may change or go away in any release.
 */
@NullMarked
package io.github.replicarouting.test.internal;

import org.jspecify.annotations.NullMarked;
