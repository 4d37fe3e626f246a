package io.github.replicarouting;

import java.sql.SQLTransientConnectionException;

/**
 * No target could give a connection for the work: every replica that was tried failed and the
 * primary was not allowed or failed too. The message names every target tried and why.
 */
public class NoRouteAvailableException extends SQLTransientConnectionException {

	NoRouteAvailableException(String message) {
		super(message, "08001");
	}

}
