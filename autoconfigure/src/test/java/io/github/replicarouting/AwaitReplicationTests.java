package io.github.replicarouting;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link AwaitReplication}, applied by the {@link ReplicaRoutingAdvisor}: after the method's
 * writes commit, it returns once enough replicas have replayed the commit's position, asking the
 * replicas; else it fails with {@link ReplicationTimeoutException}, the write committed.
 */
class AwaitReplicationTests {

	private static final long COMMITTED = 100;

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	private final Positions positions = new Positions();

	private final BackAfter replica1Health = new BackAfter(0);

	private final TargetHealth replica2Health = TargetHealth.unmonitored();

	private final Writes writes = proxy(new AwaitingWrites(routing()));

	@Test
	void shouldReturnOnceEnoughReplicasHaveReplayedTheCommit() {
		this.positions.replayed.put("replica-1", COMMITTED);
		this.positions.replayed.put("replica-2", COMMITTED - 1);

		this.writes.writeOnOne("a");

		assertThat(this.databases.count("primary", "select count(*) from item where name = 'a'")).isOne();
		assertThat(this.replica1Health.replayedPosition()).as("what the wait saw, for later reads")
			.isEqualTo(COMMITTED);
	}

	@Test
	void shouldWaitForAReplicaThatCatchesUpWithinTheTimeout() {
		this.positions.replayed.put("replica-1", COMMITTED - 1);
		this.positions.replayed.put("replica-2", COMMITTED - 1);
		this.positions.catchUpAfter("replica-2", 3);

		this.writes.writeOnOne("b");

		assertThat(this.positions.asked.get("replica-2").get()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void whenTooFewReplicasConfirmShouldFailSayingTheWriteIsCommitted() {
		this.positions.replayed.put("replica-1", COMMITTED);
		this.positions.replayed.put("replica-2", COMMITTED - 40);
		long started = System.nanoTime();

		assertThatExceptionOfType(ReplicationTimeoutException.class).isThrownBy(() -> this.writes.writeOnBoth("c"))
			.withMessageStartingWith("The write of " + AwaitingWrites.class.getName() + ".writeOnBoth is committed "
					+ "on the primary (log position 100), but only 1 of the 2 replica(s) @AwaitReplication asks for "
					+ "confirmed replaying it within 300 ms (replica-1); replica-2: replayed up to 60.")
			.satisfies((ex) -> assertThat(ex.getConfirmed()).containsExactly("replica-1"))
			.satisfies((ex) -> assertThat(ex.getRequired()).isEqualTo(2));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(this.databases.count("primary", "select count(*) from item where name = 'c'")).isOne();
	}

	@Test
	void aReplicaThatComesBackIntoRotationWithinTheTimeoutShouldBeAsked() {
		this.replica1Health.unavailableFor(5);
		this.positions.replayed.put("replica-1", COMMITTED);
		this.positions.replayed.put("replica-2", COMMITTED - 1);

		this.writes.writeOnOne("f");

		assertThat(this.positions.asked.get("replica-1").get()).isOne();
	}

	@Test
	void aReplicaItsProbesSawPastTheCommitShouldConfirmWithoutBeingAsked() {
		this.replica2Health.recordPosition(COMMITTED + 5, Long.MIN_VALUE);

		this.writes.writeOnOne("d");

		assertThat(this.positions.asked).isEmpty();
	}

	@Test
	void aCallThatCommitsNoWriteShouldNotWait() {
		this.writes.readOnly();

		assertThat(this.positions.currentReads.get()).isZero();
		assertThat(this.positions.asked).isEmpty();
	}

	@Test
	void nestedCallsShouldEachWaitForTheWritesCommittedInside() {
		this.positions.replayed.put("replica-1", COMMITTED);
		this.positions.replayed.put("replica-2", COMMITTED - 1);

		assertThatExceptionOfType(ReplicationTimeoutException.class)
			.isThrownBy(() -> this.writes.writeOnOneInsideBoth("e"))
			.withMessageContaining(".writeOnOneInsideBoth is committed")
			.withMessageContaining("only 1 of the 2");
	}

	@Test
	void aReplicaCountBelowOneShouldFailNamingTheMethod() {
		ReplicaRoutingAdvisor advisor = new ReplicaRoutingAdvisor();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> advisor.getPointcut()
				.getMethodMatcher()
				.matches(Misconfigured.class.getMethod("none"), Misconfigured.class))
			.withMessage("@AwaitReplication(replicas = 0) on " + Misconfigured.class.getName()
					+ ".none: replicas must be at least 1.");
	}

	private ReplicaRoutingDataSource routing() {
		return ReplicaRoutingDataSource.builder(target("primary"))
			.replica(target("replica-1"))
			.replica(target("replica-2"))
			.replicationPositions(this.positions)
			.health((target) -> switch (target.name()) {
				case "replica-1" -> this.replica1Health;
				case "replica-2" -> this.replica2Health;
				default -> TargetHealth.unmonitored();
			})
			.build();
	}

	private RoutingTarget target(String name) {
		String url = this.databases.url(name);
		return new RoutingTarget(name, new DriverManagerDataSource(url, "sa", ""), url, 1);
	}

	private static Writes proxy(AwaitingWrites target) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.addAdvisor(new ReplicaRoutingAdvisor());
		Writes writes = (Writes) factory.getProxy();
		target.self = writes;
		return writes;
	}

	interface Writes {

		void writeOnOne(String name);

		void writeOnBoth(String name);

		void writeOnOneInsideBoth(String name);

		void readOnly();

	}

	static class AwaitingWrites implements Writes {

		private final TransactionTemplate transaction;

		private final JdbcTemplate jdbc;

		Writes self;

		AwaitingWrites(ReplicaRoutingDataSource dataSource) {
			this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
			this.jdbc = new JdbcTemplate(dataSource);
		}

		@Override
		@AwaitReplication(replicas = 1, timeout = "2s")
		public void writeOnOne(String name) {
			this.transaction.executeWithoutResult((status) -> this.jdbc.update("insert into item (name) values (?)", name));
		}

		@Override
		@AwaitReplication(replicas = 2, timeout = "300ms")
		public void writeOnBoth(String name) {
			this.transaction.executeWithoutResult((status) -> this.jdbc.update("insert into item (name) values (?)", name));
		}

		@Override
		@AwaitReplication(replicas = 2, timeout = "300ms")
		public void writeOnOneInsideBoth(String name) {
			this.self.writeOnOne(name);
		}

		@Override
		@AwaitReplication
		public void readOnly() {
			TransactionTemplate readOnly = new TransactionTemplate(this.transaction.getTransactionManager());
			readOnly.setReadOnly(true);
			readOnly.executeWithoutResult((status) -> this.jdbc.queryForObject("select count(*) from item", Long.class));
		}

	}

	public static class Misconfigured {

		@AwaitReplication(replicas = 0)
		public void none() {
		}

	}

	/** A replica whose health refuses connections for its first few asks, then serves. */
	static final class BackAfter extends TargetHealth {

		private final AtomicInteger refusals;

		BackAfter(int refusals) {
			this.refusals = new AtomicInteger(refusals);
		}

		void unavailableFor(int asks) {
			this.refusals.set(asks);
		}

		@Override
		public boolean isCandidate() {
			return this.refusals.get() <= 0;
		}

		@Override
		public String describe() {
			return isCandidate() ? "UP" : "CIRCUIT_OPEN";
		}

		@Override
		protected boolean tryAcquirePermission() {
			return this.refusals.getAndDecrement() <= 0;
		}

		@Override
		protected void onConnected(long durationNanos) {
		}

		@Override
		protected void onConnectFailed(long durationNanos, SQLException failure) {
		}

	}

	/**
	 * The primary is at {@value #COMMITTED} after every commit; each replica's replayed position
	 * is set by the test, found by the database's own name.
	 */
	static final class Positions implements ReplicationPositions {

		final Map<String, Long> replayed = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

		final AtomicInteger currentReads = new AtomicInteger();

		private final Map<String, Integer> catchUpAfter = new ConcurrentHashMap<>();

		void catchUpAfter(String replica, int asks) {
			this.catchUpAfter.put(replica, asks);
		}

		@Override
		public long currentPosition(Connection primary) {
			this.currentReads.incrementAndGet();
			return COMMITTED;
		}

		@Override
		public long replayedPosition(Connection replica) throws SQLException {
			String name = name(replica);
			int asks = this.asked.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
			Integer after = this.catchUpAfter.get(name);
			if (after != null && asks >= after) {
				return COMMITTED;
			}
			return this.replayed.getOrDefault(name, 0L);
		}

		private static String name(Connection connection) throws SQLException {
			try (Statement statement = connection.createStatement();
					ResultSet resultSet = statement.executeQuery("select name from whoami")) {
				resultSet.next();
				return resultSet.getString(1);
			}
		}

	}

}
