package io.github.replicarouting.test.drills;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.Db;
import io.github.replicarouting.test.ReplicatedCluster;
import io.github.replicarouting.test.mariadb.GtidPosition;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDb;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDbTest;

/**
 * {@link DrillScenarios} on an embedded MariaDB primary with two GTID replicas; the application's
 * user reads the replication status ({@code SLAVE MONITOR}).
 */
@ReplicatedMariaDbTest(replicas = 2)
public class MariaDbDrillsIT extends DrillScenarios<GtidPosition> {

	@Override
	protected ReplicatedCluster<GtidPosition> cluster() {
		return ReplicatedMariaDb.forTestClass(getClass());
	}

	@Override
	protected String label() {
		return "MariaDB " + cluster().backend().name().toLowerCase(Locale.ROOT);
	}

	@Override
	protected boolean writable(ClusterNode node) {
		return "0".equals(Db.value(node, "select @@read_only"));
	}

	@Override
	protected int upstreamPort(ClusterNode replica) {
		return Integer.parseInt(slaveStatus(replica, "Master_Port"));
	}

	@Override
	protected GtidPosition received(ClusterNode replica) {
		return GtidPosition.parse(slaveStatus(replica, "Gtid_IO_Pos"));
	}

	private static String slaveStatus(ClusterNode replica, String column) {
		try (Connection connection = DriverManager.getConnection(replica.jdbcUrl(), replica.username(),
				replica.password());
				Statement statement = connection.createStatement();
				ResultSet status = statement.executeQuery("show slave status")) {
			if (!status.next()) {
				throw new IllegalStateException(replica.name() + " replicates from no one");
			}
			return status.getString(column);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(replica.name() + ": show slave status", ex);
		}
	}

}
