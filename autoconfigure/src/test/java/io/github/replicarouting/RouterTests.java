package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The router is a true {@link org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource}:
 * its lookup key follows the same rules as the routes its connections take (health, causal
 * positions, fallback), and nothing it resolves a key to reaches a pool around the target's
 * health.
 */
class RouterTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	private final Switch replica1 = new Switch();

	private final Switch replica2 = new Switch();

	private final List<RoutingDecision> decisions = new ArrayList<>();

	@AfterEach
	void clearTransaction() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clearSynchronization();
		}
		TransactionSynchronizationManager.setActualTransactionActive(false);
		TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
	}

	@Test
	void lookupKeyOfAReadShouldBeAReplicaItsHealthLetsServe() {
		Router router = router(true);
		readOnlyTransaction();
		this.replica1.serving = false;

		assertThat(List.of(router.determineCurrentLookupKey(), router.determineCurrentLookupKey()))
			.containsOnly("replica-2");
		TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
		assertThat(router.determineCurrentLookupKey()).isEqualTo(RoutingDecision.PRIMARY);
	}

	@Test
	void lookupKeyShouldFallBackToThePrimaryOnlyWhereFallbackIsAllowed() {
		this.replica1.serving = false;
		this.replica2.serving = false;
		readOnlyTransaction();

		assertThat(router(true).determineCurrentLookupKey()).isEqualTo(RoutingDecision.PRIMARY);
		assertThatIllegalStateException().isThrownBy(() -> router(false).determineCurrentLookupKey())
			.withMessageContaining("replica-routing.fallback-to-primary is false");
	}

	@Test
	void resolvedTargetsShouldNotGiveAConnectionTheirHealthRefuses() throws SQLException {
		Router router = router(true);
		this.replica1.serving = false;
		Map<Object, DataSource> targets = router.getResolvedDataSources();

		assertThat(targets).containsOnlyKeys(RoutingDecision.PRIMARY, "replica-1", "replica-2");
		assertThatExceptionOfType(SQLTransientConnectionException.class)
			.isThrownBy(() -> targets.get("replica-1").getConnection())
			.withMessageContaining("replica-1")
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08001"));
		try (Connection connection = targets.get("replica-2").getConnection()) {
			assertThat(this.replica2.connected).isOne();
			assertThat(router.replicas().get(1).target().inFlight()).isOne();
		}
	}

	@Test
	void connectionOfTheRouterShouldBeRoutedAtItsFirstStatementAndCounted() throws SQLException {
		Router router = router(true);
		readOnlyTransaction();
		try (Connection connection = router.getConnection()) {
			assertThat(this.decisions).isEmpty();
			connection.createStatement().execute("select name from whoami");
			assertThat(this.decisions).singleElement()
				.satisfies((decision) -> assertThat(decision.reason()).isEqualTo(RoutingReason.READ_ONLY));
		}
	}

	/** What a transaction manager binds to the thread when a read-only transaction begins. */
	private void readOnlyTransaction() {
		TransactionSynchronizationManager.initSynchronization();
		TransactionSynchronizationManager.setActualTransactionActive(true);
		TransactionSynchronizationManager.setCurrentTransactionReadOnly(true);
	}

	private Router router(boolean fallbackToPrimary) {
		return new Router(new Writers(guarded("primary", TargetHealth.unmonitored()), List.of(), null),
				List.of(guarded("replica-1", this.replica1), guarded("replica-2", this.replica2)),
				LoadBalancing.ROUND_ROBIN.createSelector(Clock.systemUTC()), NonTransactionalReads.PRIMARY, fallbackToPrimary, null,
				new ReadYourWritesPolicy(ReadYourWritesMode.WINDOW, java.time.Duration.ofSeconds(2),
						java.time.Duration.ZERO, Clock.systemUTC(), new ConsistencyScopes(), ReplicationPositions.NONE),
				new RoutingListeners(List.of(this.decisions::add), null, Clock.systemUTC()));
	}

	private GuardedTarget guarded(String name, TargetHealth health) {
		String url = this.databases.url(name);
		return new GuardedTarget(new RoutingTarget(name, new DriverManagerDataSource(url, "sa", ""), url, 1), health);
	}

	/** A replica's health that an operator switches on and off, counting the connections it let through. */
	private static final class Switch extends TargetHealth {

		volatile boolean serving = true;

		int connected;

		@Override
		public boolean isCandidate() {
			return this.serving;
		}

		@Override
		public String describe() {
			return this.serving ? "UP" : "EJECTED";
		}

		@Override
		protected boolean tryAcquirePermission() {
			return this.serving;
		}

		@Override
		protected void onConnected(long durationNanos) {
			this.connected++;
		}

		@Override
		protected void onConnectFailed(long durationNanos, SQLException failure) {
		}

	}

}
