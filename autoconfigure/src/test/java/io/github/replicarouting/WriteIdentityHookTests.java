package io.github.replicarouting;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a write transaction's identity can be read ({@code failover.lost-writes: exact}): the
 * writer's health is asked just before the commit, on the physical connection still in the
 * transaction, and told after it with what it answered; a read-only transaction asks nothing, and
 * auto-commit writes are told without a connection, since no transaction was there to ask.
 */
class WriteIdentityHookTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1");

	private final RecordingHealth primary = new RecordingHealth();

	@Test
	void aWriteTransactionIsAskedBeforeItsCommitAndToldAfterWithTheAnswer() throws SQLException {
		try (Connection connection = routing().getConnection()) {
			connection.setAutoCommit(false);
			connection.createStatement().executeUpdate("insert into item (name) values ('written')");
			connection.commit();
		}
		assertThat(this.primary.events).containsExactly("before commit, in a transaction: true, committed: false",
				"acknowledged with 42, committed: true");
	}

	@Test
	void aReadOnlyTransactionAsksNothing() throws SQLException {
		try (Connection connection = routing().getConnection()) {
			connection.setAutoCommit(false);
			connection.setReadOnly(true);
			connection.createStatement().executeQuery("select name from item").close();
			connection.commit();
		}
		assertThat(this.primary.events).isEmpty();
	}

	@Test
	void autoCommitWritesAreToldWithoutAConnection() throws SQLException {
		try (Connection connection = routing().getConnection()) {
			connection.createStatement().executeUpdate("insert into item (name) values ('written')");
		}
		assertThat(this.primary.events).containsExactly("acknowledged, no transaction to ask");
	}

	private ReplicaRoutingDataSource routing() {
		return ReplicaRoutingDataSource.builder(target("primary"))
			.replica(target("replica-1"))
			.health((target) -> target.isPrimary() ? this.primary : TargetHealth.unmonitored())
			.build();
	}

	private RoutingTarget target(String name) {
		String url = this.databases.url(name);
		return new RoutingTarget(name, new DriverManagerDataSource(url, "sa", ""), url, 1);
	}

	/** Records what routing tells it about writes, and answers 42 before a commit. */
	private static final class RecordingHealth extends ServingHealth {

		private final List<String> events = new ArrayList<>();

		RecordingHealth() {
			super((nowMillis) -> 0);
		}

		@Override
		protected long beforeCommit(Connection connection) {
			this.events.add("before commit, in a transaction: " + inTransaction(connection) + ", committed: "
					+ committed(connection));
			return 42;
		}

		@Override
		protected void writeAcknowledged(Connection connection, long beforeCommit) {
			this.events.add("acknowledged with " + beforeCommit + ", committed: " + committed(connection));
		}

		@Override
		protected void writeAcknowledged() {
			this.events.add("acknowledged, no transaction to ask");
		}

		/** The row the transaction wrote is visible from another connection only once committed. */
		private static boolean committed(Connection connection) {
			try (Connection other = DriverManager.getConnection(connection.getMetaData().getURL(), "sa", "");
					Statement statement = other.createStatement();
					ResultSet rows = statement.executeQuery("select count(*) from item where name = 'written'")) {
				rows.next();
				return rows.getInt(1) == 1;
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static boolean inTransaction(Connection connection) {
			try {
				return !connection.getAutoCommit();
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
