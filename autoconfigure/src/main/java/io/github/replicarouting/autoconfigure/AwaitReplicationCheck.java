package io.github.replicarouting.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.replicarouting.AwaitReplication;
import io.github.replicarouting.JdbcUrls;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.ReplicationPositions;

/**
 * Checks at startup that every method annotated {@link AwaitReplication} can be served: that it
 * waits for no more replicas than are configured, and that the database has the log positions
 * the wait needs. Either failure stops the application naming the methods; a primary that cannot
 * be reached at startup leaves the positions unchecked, with a warning.
 */
final class AwaitReplicationCheck {

	private static final Log logger = LogFactory.getLog(AwaitReplicationCheck.class);

	private AwaitReplicationCheck() {
	}

	static void check(Map<String, Integer> awaits, ReplicaRoutingDataSource dataSource, ReplicationPositions positions) {
		if (awaits.isEmpty()) {
			return;
		}
		int configured = dataSource.getReplicas().size();
		awaits.forEach((method, replicas) -> {
			if (replicas > configured) {
				throw new IllegalStateException("@AwaitReplication(replicas = " + replicas + ") on " + method
						+ " waits for more replicas than the " + configured
						+ " configured under replica-routing.replicas: lower it, or add replicas.");
			}
		});
		String product;
		try (Connection primary = dataSource.getPrimary().unwrap(DataSource.class).getConnection()) {
			if (positions.hasPositions(primary)) {
				return;
			}
			product = primary.getMetaData().getDatabaseProductName();
		}
		catch (SQLException ex) {
			logger.warn("primary - could not check that the database has the log positions @AwaitReplication needs "
					+ "(on " + awaits.keySet() + "): " + JdbcUrls.reduceWithin(ex.getMessage()));
			return;
		}
		throw new IllegalStateException("@AwaitReplication on " + String.join(", ", awaits.keySet())
				+ " needs replication log positions, which " + product + " does not have: remove the annotation, "
				+ "or teach the library the database's positions with a ReplicationDialect bean.");
	}

}
