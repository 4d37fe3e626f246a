package io.github.replicarouting.test.consistency;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import io.github.replicarouting.test.ClusterNode;

/**
 * Where a row of the {@code awaited} table is, asked of each server directly, whatever the
 * vendor.
 */
final class AwaitedRows {

	private AwaitedRows() {
	}

	static int missingOn(List<ClusterNode> replicas, String body) throws SQLException {
		int missing = 0;
		for (ClusterNode replica : replicas) {
			if (bodiesOn(replica, body) == 0) {
				missing++;
			}
		}
		return missing;
	}

	static int bodiesOn(ClusterNode node, String body) throws SQLException {
		try (Connection connection = DriverManager.getConnection(node.jdbcUrl(), node.username(), node.password());
				PreparedStatement statement = connection.prepareStatement("select count(*) from awaited where body = ?")) {
			statement.setString(1, body);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getInt(1);
			}
		}
	}

}
