package io.github.replicarouting.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * Every connection of a pool held in an open transaction, as long transactions of an application
 * would hold them: a saturated pool, whose next borrower waits for its connection timeout.
 */
public final class HeldConnections implements AutoCloseable {

	private final List<Connection> connections = new ArrayList<>();

	private HeldConnections() {
	}

	/**
	 * Take {@code count} connections from {@code pool} and open a transaction on each.
	 * @param pool the pool to saturate
	 * @param count its maximum size
	 * @return the held connections, to close when done
	 */
	public static HeldConnections hold(DataSource pool, int count) {
		HeldConnections held = new HeldConnections();
		try {
			for (int i = 0; i < count; i++) {
				Connection connection = pool.getConnection();
				held.connections.add(connection);
				connection.setAutoCommit(false);
				try (Statement statement = connection.createStatement()) {
					statement.execute("select 1");
				}
			}
		}
		catch (SQLException ex) {
			held.close();
			throw new IllegalStateException("Could not hold " + count + " connections", ex);
		}
		return held;
	}

	/**
	 * Roll back and give every connection back.
	 */
	@Override
	public void close() {
		for (Connection connection : this.connections) {
			try (connection) {
				connection.rollback();
			}
			catch (SQLException ex) {
				// The server may be gone: the pool discards the connection.
			}
		}
		this.connections.clear();
	}

}
