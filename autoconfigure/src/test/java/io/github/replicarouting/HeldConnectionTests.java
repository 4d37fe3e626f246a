package io.github.replicarouting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.ConnectionProxy;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One logical connection held across transactions, as an ORM session kept open for a web
 * request holds it: every transaction gets its own route when it begins, whatever the connection
 * did before, and the route never changes inside a transaction.
 */
class HeldConnectionTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	private final List<RoutingDecision> decisions = new ArrayList<>();

	private final List<HikariDataSource> pools = new ArrayList<>();

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void transactionsThatNeverTouchAutoCommitShouldEachBeRoutedWhenTheyBegin() throws Exception {
		// A pool that hands out connections with auto-commit off, and a transaction manager that
		// relies on it (Hibernate's provider_disables_autocommit): no setAutoCommit anywhere.
		ReplicaRoutingDataSource dataSource = routing(false);
		try (Connection held = dataSource.getConnection()) {
			HeldConnectionTransactionManager transactions = new HeldConnectionTransactionManager(held);
			String firstRead = inTransaction(transactions, true, held);
			String outside = whoami(held);
			String secondRead = inTransaction(transactions, true, held);
			String write = inTransaction(transactions, false, held);

			assertThat(firstRead).startsWith("replica-");
			assertThat(outside).isEqualTo("primary");
			assertThat(secondRead).startsWith("replica-");
			assertThat(write).isEqualTo("primary");
			assertThat(this.decisions).extracting(RoutingDecision::reason)
				.containsExactly(RoutingReason.READ_ONLY, RoutingReason.NON_TRANSACTIONAL, RoutingReason.READ_ONLY,
						RoutingReason.READ_WRITE);
		}
		assertThat(inFlight(dataSource)).containsOnly(0);
	}

	@Test
	void physicalConnectionShouldGetTheAutoCommitTheDataSourceReportedWhenNoneWasSet() throws Exception {
		// Replica pools keep their default (auto-commit on); the primary's is off.
		ReplicaRoutingDataSource dataSource = routing(false);
		try (Connection held = dataSource.getConnection()) {
			assertThat(held.getAutoCommit()).isFalse();
			HeldConnectionTransactionManager transactions = new HeldConnectionTransactionManager(held);
			boolean replicaAutoCommit = readOnly(transactions).execute((status) -> {
				whoami(held);
				return autoCommit(held);
			});
			assertThat(this.decisions).singleElement().satisfies((decision) -> assertThat(decision.isPrimary()).isFalse());
			assertThat(replicaAutoCommit).isFalse();
		}
	}

	@Test
	void redundantSetAutoCommitFalseInsideATransactionShouldKeepItsConnection() throws Exception {
		ReplicaRoutingDataSource dataSource = routing(true);
		try (Connection held = dataSource.getConnection()) {
			held.setAutoCommit(false);
			held.setReadOnly(true);
			String first = whoami(held);
			Connection physical = ((ConnectionProxy) held).getTargetConnection();
			// A no-op for JDBC, so not a transaction boundary either.
			held.setAutoCommit(false);
			String second = whoami(held);

			assertThat(second).isEqualTo(first).startsWith("replica-");
			assertThat(((ConnectionProxy) held).getTargetConnection()).isSameAs(physical);
			held.commit();
			held.setAutoCommit(true);
		}
		assertThat(this.decisions).hasSize(1);
	}

	@Test
	void setAutoCommitFalseThatChangesNothingShouldKeepWorkNotYetCommitted() throws Exception {
		// Connections come with auto-commit off: the insert opens a database transaction at once.
		ReplicaRoutingDataSource dataSource = routing(false);
		try (Connection held = dataSource.getConnection()) {
			try (PreparedStatement insert = held.prepareStatement("insert into item (name) values ('kept')")) {
				insert.executeUpdate();
			}
			// A no-op for JDBC: giving back the connection that holds the insert would roll it back.
			held.setAutoCommit(false);
			held.commit();
		}
		assertThat(this.databases.count("primary", "select count(*) from item where name = 'kept'")).isOne();
	}

	@Test
	void transactionBegunWithSetAutoCommitAfterWorkOutsideAnyTransactionShouldBeRoutedAfresh() throws Exception {
		ReplicaRoutingDataSource dataSource = ReplicaRoutingDataSource.builder(target("primary", true))
			.replica(target("replica-1", true))
			.nonTransactionalReads(NonTransactionalReads.REPLICA)
			.listener(this.decisions::add)
			.build();
		dataSource.start();
		try (Connection held = dataSource.getConnection()) {
			String outside = whoami(held);
			held.setAutoCommit(false);
			try (Statement statement = held.createStatement()) {
				// Refused as a write on a read-only route if the lazy load's route had stayed.
				statement.executeUpdate("insert into item (name) values ('after-a-read')");
			}
			held.commit();
			held.setAutoCommit(true);

			assertThat(outside).isEqualTo("replica-1");
		}
		assertThat(this.databases.count("primary", "select count(*) from item where name = 'after-a-read'")).isOne();
		assertThat(this.decisions).extracting(RoutingDecision::reason)
			.containsExactly(RoutingReason.NON_TRANSACTIONAL, RoutingReason.READ_WRITE);
	}

	private String inTransaction(HeldConnectionTransactionManager transactions, boolean readOnly, Connection held) {
		TransactionTemplate template = readOnly ? readOnly(transactions) : new TransactionTemplate(transactions);
		return template.execute((status) -> {
			String first = whoami(held);
			String second = whoami(held);
			// The route never changes inside a transaction.
			assertThat(second).isEqualTo(first);
			return first;
		});
	}

	private static TransactionTemplate readOnly(HeldConnectionTransactionManager transactions) {
		TransactionTemplate template = new TransactionTemplate(transactions);
		template.setReadOnly(true);
		return template;
	}

	private ReplicaRoutingDataSource routing(boolean primaryAutoCommit) {
		ReplicaRoutingDataSource dataSource = ReplicaRoutingDataSource.builder(target("primary", primaryAutoCommit))
			.replica(target("replica-1", true))
			.replica(target("replica-2", true))
			.listener(this.decisions::add)
			.build();
		dataSource.start();
		return dataSource;
	}

	private RoutingTarget target(String name, boolean autoCommit) {
		return this.databases.pooled(name, this.pools, (pool) -> pool.setAutoCommit(autoCommit));
	}

	private static List<Integer> inFlight(ReplicaRoutingDataSource dataSource) {
		List<Integer> counts = new ArrayList<>();
		counts.add(dataSource.getPrimary().inFlight());
		dataSource.getReplicas().forEach((replica) -> counts.add(replica.inFlight()));
		return counts;
	}

	/** As an ORM asks: a prepared statement, whose SQL the router sees. */
	private static String whoami(Connection connection) {
		try (PreparedStatement statement = connection.prepareStatement("select name from whoami");
				ResultSet resultSet = statement.executeQuery()) {
			resultSet.next();
			return resultSet.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean autoCommit(Connection connection) {
		try {
			return connection.getAutoCommit();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Begins and ends transactions on a connection held across them and leaves auto-commit
	 * alone, as Spring's {@code JpaTransactionManager} does over an open-session-in-view entity
	 * manager when Hibernate's {@code provider_disables_autocommit} is set.
	 */
	static final class HeldConnectionTransactionManager extends AbstractPlatformTransactionManager {

		private final Connection held;

		HeldConnectionTransactionManager(Connection held) {
			this.held = held;
		}

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
			if (definition.isReadOnly()) {
				run(() -> this.held.setReadOnly(true));
			}
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			run(this.held::commit);
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			run(this.held::rollback);
		}

		@Override
		protected void doCleanupAfterCompletion(Object transaction) {
			run(() -> this.held.setReadOnly(false));
		}

		private static void run(SqlAction action) {
			try {
				action.run();
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		interface SqlAction {

			void run() throws SQLException;

		}

	}

}
