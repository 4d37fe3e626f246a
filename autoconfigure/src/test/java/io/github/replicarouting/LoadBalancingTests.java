package io.github.replicarouting;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Over many read-only transactions, each strategy spreads reads as it promises.
 */
class LoadBalancingTests {

	private static final int TRANSACTIONS = 1000;

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	private ExecutorService executor;

	@AfterEach
	void stopExecutor() {
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

	@Test
	void roundRobinShouldSpreadReadsEvenly() {
		Map<String, Integer> served = run(routing(LoadBalancing.ROUND_ROBIN, 1, 1), TRANSACTIONS);
		assertThat(served).containsOnlyKeys("replica-1", "replica-2");
		assertThat(served.get("replica-1")).isEqualTo(TRANSACTIONS / 2);
		assertThat(served.get("replica-2")).isEqualTo(TRANSACTIONS / 2);
	}

	@Test
	void weightedShouldSpreadReadsInProportionToWeights() {
		Map<String, Integer> served = run(routing(LoadBalancing.WEIGHTED, 3, 1), TRANSACTIONS);
		// Exact over every full cycle of 4 reads: 750 and 250.
		assertThat(served.get("replica-1")).isEqualTo(750);
		assertThat(served.get("replica-2")).isEqualTo(250);
	}

	@Test
	void randomShouldUseEveryReplicaRoughlyEqually() {
		Map<String, Integer> served = run(routing(LoadBalancing.RANDOM, 1, 1), TRANSACTIONS);
		// Binomial(1000, 0.5): 6 standard deviations is +-95.
		assertThat(served.get("replica-1").doubleValue()).isCloseTo(500, within(95.0));
		assertThat(served.get("replica-1") + served.get("replica-2")).isEqualTo(TRANSACTIONS);
	}

	@Test
	void leastInFlightShouldPreferTheIdleReplica() throws Exception {
		ReplicaRoutingDataSource dataSource = routing(LoadBalancing.LEAST_IN_FLIGHT, 1, 1);
		TransactionTemplate readOnly = readOnly(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.executor = Executors.newFixedThreadPool(2);
		// One long read keeps a connection of one replica busy...
		Future<String> busy = this.executor.submit(() -> readOnly.execute((status) -> {
			String where = whoami(jdbc);
			holding.countDown();
			await(release);
			return where;
		}));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		// ...while another thread runs short reads: none should land on the busy one (round
		// robin would send half of them there).
		Map<String, Integer> served = new ConcurrentHashMap<>();
		Future<?> reader = this.executor.submit(() -> {
			for (int i = 0; i < 200; i++) {
				served.merge(readOnly.execute((status) -> whoami(jdbc)), 1, Integer::sum);
			}
		});
		reader.get(30, TimeUnit.SECONDS);
		release.countDown();
		String busyReplica = busy.get(10, TimeUnit.SECONDS);
		assertThat(served).doesNotContainKey(busyReplica);
		assertThat(served.values()).containsExactly(200);
	}

	@Test
	void leastInFlightShouldShareIdleReplicasInTurn() {
		Map<String, Integer> served = run(routing(LoadBalancing.LEAST_IN_FLIGHT, 1, 1), TRANSACTIONS);
		assertThat(served.get("replica-1")).isEqualTo(TRANSACTIONS / 2);
		assertThat(served.get("replica-2")).isEqualTo(TRANSACTIONS / 2);
	}

	@Test
	void leastLagShouldPreferTheReplicaKnownCurrentMostRecently() {
		// replica-2 was last known to have every write 40 ms ago, replica-1 1.5 s ago.
		Map<String, Integer> served = run(leastLag(1500, 40), TRANSACTIONS);
		assertThat(served).containsOnlyKeys("replica-2");
	}

	@Test
	void leastLagShouldShareReplicasEquallyCurrentInTurn() {
		Map<String, Integer> served = run(leastLag(40, 40), TRANSACTIONS);
		assertThat(served.get("replica-1")).isEqualTo(TRANSACTIONS / 2);
		assertThat(served.get("replica-2")).isEqualTo(TRANSACTIONS / 2);
	}

	@Test
	void leastLagShouldShareReplicasOfUnknownLagInTurn() {
		Map<String, Integer> served = run(routing(LoadBalancing.LEAST_LAG, 1, 1), TRANSACTIONS);
		assertThat(served.get("replica-1")).isEqualTo(TRANSACTIONS / 2);
		assertThat(served.get("replica-2")).isEqualTo(TRANSACTIONS / 2);
	}

	@Test
	void inFlightCountShouldReturnToZeroAfterTransactions() {
		ReplicaRoutingDataSource dataSource = routing(LoadBalancing.ROUND_ROBIN, 1, 1);
		run(dataSource, 10);
		assertThat(dataSource.getReplicas()).allSatisfy((replica) -> assertThat(replica.inFlight()).isZero());
	}

	private Map<String, Integer> run(ReplicaRoutingDataSource dataSource, int transactions) {
		TransactionTemplate readOnly = readOnly(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		Map<String, Integer> served = new ConcurrentHashMap<>();
		for (int i = 0; i < transactions; i++) {
			served.merge(readOnly.execute((status) -> whoami(jdbc)), 1, Integer::sum);
		}
		return served;
	}

	private ReplicaRoutingDataSource routing(LoadBalancing loadBalancing, int weight1, int weight2) {
		return ReplicaRoutingDataSource.builder(target("primary", 1))
			.replica(target("replica-1", weight1))
			.replica(target("replica-2", weight2))
			.loadBalancing(loadBalancing)
			.build();
	}

	/** Replicas last known current {@code behind1} and {@code behind2} ms before the clock's now. */
	private ReplicaRoutingDataSource leastLag(long behind1, long behind2) {
		MutableClock clock = new MutableClock();
		Map<String, Long> behind = Map.of("replica-1", behind1, "replica-2", behind2);
		return ReplicaRoutingDataSource.builder(target("primary", 1))
			.replica(target("replica-1", 1))
			.replica(target("replica-2", 1))
			.loadBalancing(LoadBalancing.LEAST_LAG)
			.clock(clock)
			.health((target) -> target.isPrimary() ? TargetHealth.unmonitored()
					: ServingHealth.caughtUpTo(clock.millis() - behind.get(target.name())))
			.build();
	}

	private RoutingTarget target(String name, int weight) {
		String url = this.databases.url(name);
		return new RoutingTarget(name, new DriverManagerDataSource(url, "sa", ""), url, weight);
	}

	private static TransactionTemplate readOnly(ReplicaRoutingDataSource dataSource) {
		TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		template.setReadOnly(true);
		return template;
	}

	private static String whoami(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select name from whoami", String.class);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
