/**
 * Auto-configuration of replica routing, its configuration properties under
 * {@code replica-routing.*} and the analysis of configuration errors.
 */
@NullMarked
package io.github.replicarouting.autoconfigure;

import org.jspecify.annotations.NullMarked;
