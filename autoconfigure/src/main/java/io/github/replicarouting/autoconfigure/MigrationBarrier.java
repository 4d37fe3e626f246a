package io.github.replicarouting.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

import io.github.replicarouting.JdbcUrls;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.ReplicationPositions;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * After Flyway or Liquibase migrated the schema at startup, a replica serves reads only once it
 * has replayed the primary's log position taken then: a read that uses a new column must not
 * reach a replica that has not added it yet. Applied once, when the application has started (the
 * migrations run while its beans are created), where the database has positions.
 */
final class MigrationBarrier {

	private static final Log logger = LogFactory.getLog(MigrationBarrier.class);

	/** The beans that migrate a schema at startup: Flyway's and Liquibase's. */
	private static final String[] MIGRATIONS = { "org.flywaydb.core.Flyway", "liquibase.integration.spring.SpringLiquibase" };

	private MigrationBarrier() {
	}

	static void apply(ListableBeanFactory beans, ReplicaRoutingDataSource dataSource, ReplicationPositions positions,
			ReplicaMonitor monitor) {
		if (!migrated(beans)) {
			return;
		}
		long position;
		try (Connection primary = dataSource.getPrimary().unwrap(DataSource.class).getConnection()) {
			position = positions.currentPosition(primary);
		}
		catch (SQLException ex) {
			logger.warn("primary - could not read the log position after the schema migration of startup, so replicas "
					+ "are not held back until they have it: " + JdbcUrls.reduceWithin(ex.getMessage()));
			return;
		}
		if (position >= 0) {
			monitor.migrationBarrier(position);
			logger.info("primary - the schema was migrated at startup: each replica serves reads once it has replayed "
					+ "position " + position);
		}
	}

	private static boolean migrated(ListableBeanFactory beans) {
		ClassLoader classLoader = MigrationBarrier.class.getClassLoader();
		for (String type : MIGRATIONS) {
			if (ClassUtils.isPresent(type, classLoader)
					&& beans.getBeanNamesForType(ClassUtils.resolveClassName(type, classLoader), false, false).length > 0) {
				return true;
			}
		}
		return false;
	}

}
