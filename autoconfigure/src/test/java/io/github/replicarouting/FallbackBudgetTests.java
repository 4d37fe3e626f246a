package io.github.replicarouting;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fallback budget bounds the reads that run on the primary for lack of a replica, gives its
 * place back with the connection, and is never touched by a read a replica serves nor by a write.
 */
class FallbackBudgetTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1");

	private volatile boolean replicaServing;

	@AfterEach
	void clearTransaction() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clearSynchronization();
		}
		TransactionSynchronizationManager.setActualTransactionActive(false);
		TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
	}

	@Test
	void fallbackReadBeyondTheBudgetShouldFailSayingThePrimaryIsProtected() throws SQLException {
		ReplicaRoutingDataSource dataSource = routing(2, Duration.ofMillis(50));
		FallbackBudget budget = dataSource.getFallbackBudget().orElseThrow();
		readOnlyTransaction();
		try (Connection first = read(dataSource); Connection second = read(dataSource)) {
			assertThat(budget.bulkhead().getMetrics().getAvailableConcurrentCalls()).isZero();
			long start = System.nanoTime();
			assertThatExceptionOfType(NoRouteAvailableException.class).isThrownBy(() -> read(dataSource).close())
				.withMessageContaining("the primary is protected")
				.withMessageContaining("replica-routing.protection.fallback-max-concurrent")
				.withMessageContaining("replica-routing.protection.fallback-max-wait")
				.withMessageContaining("replica-1: EJECTED");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
			assertThat(budget.rejected()).isOne();
			// Writes keep their connections: the budget is for reads.
			TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
			try (Connection write = read(dataSource)) {
				assertThat(whoami(write)).isEqualTo("primary");
			}
		}
		assertThat(budget.bulkhead().getMetrics().getAvailableConcurrentCalls()).isEqualTo(2);
	}

	@Test
	void placeShouldComeBackWithTheConnection() throws SQLException {
		ReplicaRoutingDataSource dataSource = routing(1, Duration.ZERO);
		FallbackBudget budget = dataSource.getFallbackBudget().orElseThrow();
		readOnlyTransaction();
		for (int i = 0; i < 3; i++) {
			try (Connection connection = read(dataSource)) {
				assertThat(whoami(connection)).isEqualTo("primary");
			}
		}
		assertThat(budget.rejected()).isZero();
		assertThat(budget.bulkhead().getMetrics().getAvailableConcurrentCalls()).isOne();
	}

	@Test
	void readOnAReplicaShouldNotTouchTheBudget() throws SQLException {
		ReplicaRoutingDataSource dataSource = routing(1, Duration.ZERO);
		FallbackBudget budget = dataSource.getFallbackBudget().orElseThrow();
		this.replicaServing = true;
		readOnlyTransaction();
		try (Connection first = read(dataSource); Connection second = read(dataSource)) {
			assertThat(whoami(first)).isEqualTo("replica-1");
			assertThat(budget.bulkhead().getMetrics().getAvailableConcurrentCalls()).isOne();
		}
		assertThat(budget.rejected()).isZero();
	}

	/** A connection routed now: its first statement routes it. */
	private static Connection read(ReplicaRoutingDataSource dataSource) throws SQLException {
		Connection connection = dataSource.getConnection();
		try {
			connection.createStatement().execute("select 1");
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		return connection;
	}

	private static String whoami(Connection connection) throws SQLException {
		try (ResultSet result = connection.createStatement().executeQuery("select name from whoami")) {
			result.next();
			return result.getString(1);
		}
	}

	private void readOnlyTransaction() {
		TransactionSynchronizationManager.initSynchronization();
		TransactionSynchronizationManager.setActualTransactionActive(true);
		TransactionSynchronizationManager.setCurrentTransactionReadOnly(true);
	}

	private ReplicaRoutingDataSource routing(int maxConcurrent, Duration maxWait) {
		return ReplicaRoutingDataSource.builder(target("primary"))
			.replica(target("replica-1"))
			.fallbackBudget(maxConcurrent, maxWait)
			.health((target) -> target.isPrimary() ? TargetHealth.unmonitored() : new Ejectable())
			.build();
	}

	private RoutingTarget target(String name) {
		String url = this.databases.url(name);
		return new RoutingTarget(name, new DriverManagerDataSource(url, "sa", ""), url, 1);
	}

	private final class Ejectable extends TargetHealth {

		@Override
		public boolean isCandidate() {
			return FallbackBudgetTests.this.replicaServing;
		}

		@Override
		public String describe() {
			return isCandidate() ? "UP" : "EJECTED";
		}

		@Override
		protected boolean tryAcquirePermission() {
			return isCandidate();
		}

		@Override
		protected void onConnected(long durationNanos) {
		}

		@Override
		protected void onConnectFailed(long durationNanos, SQLException failure) {
		}

	}

}
