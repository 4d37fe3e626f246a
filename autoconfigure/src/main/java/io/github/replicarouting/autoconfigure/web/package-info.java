/**
 * Auto-configuration of read-your-writes across servlet requests.
 */
@NullMarked
package io.github.replicarouting.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
