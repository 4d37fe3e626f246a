package io.github.replicarouting.test.containers;

import java.sql.SQLException;

import io.github.replicarouting.test.ReplicatedPostgresException;

/**
 * PostgreSQL in a {@link NodeContainer}: ready when it answers a query and, as a standby, streams
 * from its primary; SIGINT is its fast shutdown (docker's default SIGTERM waits for every session).
 */
enum PostgresContainerServer implements ContainerServer {

	INSTANCE;

	@Override
	public String stopSignal() {
		return "SIGINT";
	}

	@Override
	public boolean serves(NodeContainer node, boolean streaming) {
		try {
			String state = ContainerSql.queryValue(new ContainerizedPostgresNode(node), streaming
					? "select coalesce((select status from pg_stat_wal_receiver), 'none') || ' ' || pg_is_in_recovery()"
					: "select 'serving'");
			return streaming ? "streaming true".equals(state) : "serving".equals(state);
		}
		catch (SQLException ex) {
			// Refused, or "the database system is starting up": not yet.
			return false;
		}
	}

	@Override
	public String imageRequirement() {
		return "The image needs sh, initdb and postgres (on its PATH or in the configured binary directory).";
	}

	@Override
	public String missingBinary(String image, String missing) {
		return "image '" + image + "' lacks the PostgreSQL binaries: " + missing
				+ ". Use an image with initdb and postgres, or set the binary directory to where they are "
				+ "(builder().binDirectory(...) or " + ContainerDefaults.BIN_DIRECTORY_VARIABLE + ").";
	}

	@Override
	public RuntimeException failure(String message, Throwable cause) {
		return new ReplicatedPostgresException(message, cause);
	}

}
