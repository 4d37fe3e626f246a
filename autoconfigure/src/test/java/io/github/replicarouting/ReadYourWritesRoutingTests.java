package io.github.replicarouting;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@code @ReadYourWrites} reads go once the policy has judged their scope: replicas that
 * prove to be fresh enough, replicas at the scope's position, and never a detour through the
 * primary's pool to judge a token.
 */
class ReadYourWritesRoutingTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	private final MutableClock clock = new MutableClock();

	private final CountingDataSource primaryPool = new CountingDataSource(
			new DriverManagerDataSource(this.databases.url("primary"), "sa", ""));

	private final RoutingTarget primary = new RoutingTarget("primary", this.primaryPool, this.databases.url("primary"),
			1);

	private final RoutingTarget replica1 = target("replica-1");

	private final RoutingTarget replica2 = target("replica-2");

	private final TargetHealth primaryHealth = TargetHealth.unmonitored();

	private TargetHealth replica1Health = TargetHealth.unmonitored();

	private TargetHealth replica2Health = TargetHealth.unmonitored();

	private ConsistencyScope previousScope;

	private RoutingContext previousContext;

	@AfterEach
	void restore() {
		ConsistencyScopes.restore(this.previousScope);
		RoutingContext.restore(this.previousContext);
	}

	@Test
	void windowModeShouldReadOnlyOnReplicasProvedToHaveTheWrite() {
		this.replica1Health = ServingHealth.staleBy(3000);
		this.replica2Health = ServingHealth.staleBy(500);
		ReplicaRoutingDataSource dataSource = routing(ReadYourWritesMode.WINDOW);
		enter(ConsistencyScope.of(this.clock.millis(), -1));
		this.clock.advance(Duration.ofMillis(2500));

		List<String> served = read(dataSource, 6);

		// replica-1 may be 3 s behind: a write 2.5 s ago may not be there yet.
		assertThat(served).containsOnly("replica-2");
	}

	@Test
	void windowModeShouldReadOnPrimaryWhenNoReplicaIsProvedFreshEnough() {
		this.replica1Health = ServingHealth.staleBy(3000);
		this.replica2Health = ServingHealth.staleBy(Long.MAX_VALUE);
		ReplicaRoutingDataSource dataSource = routing(ReadYourWritesMode.WINDOW);
		enter(ConsistencyScope.of(this.clock.millis(), -1));
		this.clock.advance(Duration.ofMillis(2500));

		assertThat(read(dataSource, 4)).containsOnly("primary");
		this.clock.advance(Duration.ofMillis(1000));
		assertThat(read(dataSource, 4)).containsOnly("replica-1");
	}

	@Test
	void causalReadBeyondThePrimarysLastReadingShouldNotTouchThePrimarysPool() {
		ReplicaRoutingDataSource dataSource = routing(ReadYourWritesMode.CAUSAL);
		this.primaryHealth.recordPosition(100, this.clock.millis() - 10_000);
		// Written on another instance since: only a replica that has replayed it will do.
		this.replica1Health.recordPosition(500, Long.MIN_VALUE);
		this.replica2Health.recordPosition(200, Long.MIN_VALUE);
		// The connection defaults are read from the primary once: done here, before counting.
		read(dataSource, 1);
		enter(ConsistencyScope.of(this.clock.millis(), 500));
		int before = this.primaryPool.connections.get();

		List<String> served = read(dataSource, 4);

		assertThat(served).containsOnly("replica-1");
		assertThat(this.primaryPool.connections.get() - before).as("connections taken from the primary's pool")
			.isZero();
	}

	private ReplicaRoutingDataSource routing(ReadYourWritesMode mode) {
		return ReplicaRoutingDataSource.builder(this.primary)
			.replica(this.replica1)
			.replica(this.replica2)
			.readYourWrites(mode, Duration.ofSeconds(2), Duration.ZERO)
			.clock(this.clock)
			.replicationPositions(new ReadYourWritesPolicyTests.FixedPositions())
			.health(this::health)
			.build();
	}

	private TargetHealth health(RoutingTarget target) {
		if (target == this.replica1) {
			return this.replica1Health;
		}
		return (target == this.replica2) ? this.replica2Health : this.primaryHealth;
	}

	private void enter(ConsistencyScope scope) {
		this.previousScope = ConsistencyScopes.bind(scope);
		this.previousContext = RoutingContext.enter(RoutingContext.NONE.withReadYourWrites("test"));
	}

	private List<String> read(ReplicaRoutingDataSource dataSource, int reads) {
		TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		readOnly.setReadOnly(true);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		List<String> served = new ArrayList<>();
		for (int i = 0; i < reads; i++) {
			served.add(readOnly.execute((status) -> jdbc.queryForObject("select name from whoami", String.class)));
		}
		return served;
	}

	private RoutingTarget target(String name) {
		String url = this.databases.url(name);
		return new RoutingTarget(name, new DriverManagerDataSource(url, "sa", ""), url, 1);
	}

	/** Counts the connections taken from a pool. */
	private static final class CountingDataSource implements DataSource {

		private final DataSource delegate;

		private final AtomicInteger connections = new AtomicInteger();

		CountingDataSource(DataSource delegate) {
			this.delegate = delegate;
		}

		@Override
		public Connection getConnection() throws SQLException {
			this.connections.incrementAndGet();
			return this.delegate.getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			this.connections.incrementAndGet();
			return this.delegate.getConnection(username, password);
		}

		@Override
		public PrintWriter getLogWriter() throws SQLException {
			return this.delegate.getLogWriter();
		}

		@Override
		public void setLogWriter(PrintWriter out) throws SQLException {
			this.delegate.setLogWriter(out);
		}

		@Override
		public void setLoginTimeout(int seconds) throws SQLException {
			this.delegate.setLoginTimeout(seconds);
		}

		@Override
		public int getLoginTimeout() throws SQLException {
			return this.delegate.getLoginTimeout();
		}

		@Override
		public Logger getParentLogger() {
			return Logger.getGlobal();
		}

		@Override
		public <T> T unwrap(Class<T> type) throws SQLException {
			return this.delegate.unwrap(type);
		}

		@Override
		public boolean isWrapperFor(Class<?> type) throws SQLException {
			return this.delegate.isWrapperFor(type);
		}

	}

}
