/**
 * Where each request's work went: the {@code X-Routed-To} header and the live topology page.
 */
@NullMarked
package io.github.replicarouting.sample.routing;

import org.jspecify.annotations.NullMarked;
