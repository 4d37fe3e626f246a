/**
 * Helpers shared by the fixtures' backends (embedded PostgreSQL, Testcontainers PostgreSQL,
 * MariaDB). Not API: public only so that the backends' packages can share one copy; anything
 * here may change or go away in any release.
 */
package io.github.replicarouting.test.internal;
