package io.github.replicarouting.test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.replicarouting.actuate.ReplicaRoutingHealthIndicator;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.ReadLoad.Outcome;
import io.github.replicarouting.test.app.HealthTestApplication;
import io.github.replicarouting.test.app.ServerPorts;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A primary that hangs (reached through a {@link TcpProxy} that black-holes it: connections are
 * accepted and never answered) is found {@code DOWN} by its probe, on a connection of its own and
 * within the probe timeout, while health checks keep answering at once from what the probes know
 * and reads keep running on the replicas; once it is known down, writes fail at once. The
 * primary's URL sets no timeout of any kind, and its pool waits 5 s for a connection.
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.max-replication-lag=2s", "replica-routing.primary.hikari.connection-timeout=5000" })
@ReplicatedPostgresTest(replicas = 2, registerProperties = false)
@DirtiesContext
class HungPrimaryIT {

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	private static TcpProxy proxy;

	@Autowired
	ServerPorts serverPorts;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	ReplicaRoutingHealthIndicator health;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@DynamicPropertySource
	static void routing(DynamicPropertyRegistry registry) throws IOException {
		ReplicatedPostgres cluster = ReplicatedPostgres.forTestClass(HungPrimaryIT.class);
		proxy = TcpProxy.forward(cluster.primary().port());
		cluster.registerProperties(registry);
		String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres";
		registry.add("replica-routing.primary.url", () -> url);
	}

	@BeforeAll
	static void createTable(ReplicatedPostgres cluster) {
		Db.execute(cluster.primary(), "create table writes (id serial primary key)");
	}

	@AfterAll
	static void closeProxy() {
		if (proxy != null) {
			proxy.close();
		}
	}

	@Test
	void hungPrimaryIsDownForHealthAndWritesWhileReadsContinue(ReplicatedPostgres cluster) {
		for (ReplicaHealth replica : this.monitor.replicas()) {
			await(replica.target().name() + " UP").atMost(Duration.ofSeconds(20))
				.until(replica::state, ReplicaState.UP::equals);
		}
		write();
		long slowestHealth = 0;
		long hungAt;
		long downAt;
		List<Long> writeMillis = new ArrayList<>();
		List<Throwable> writeFailures = new ArrayList<>();
		List<Outcome> outcomes;
		try (ReadLoad load = ReadLoad.start(4, this.serverPorts::readOnly)) {
			hungAt = System.nanoTime();
			proxy.blackhole();
			try {
				while (true) {
					long start = System.nanoTime();
					Health health = this.health.health(true);
					slowestHealth = Math.max(slowestHealth, millis(System.nanoTime() - start));
					if (Status.DOWN.equals(health.getStatus())) {
						break;
					}
					assertThat(millis(System.nanoTime() - hungAt)).as("time waiting for health DOWN, ms")
						.isLessThan(30_000);
					await().pollDelay(Duration.ofMillis(20)).atMost(Duration.ofSeconds(1)).until(() -> true);
				}
				downAt = System.nanoTime();
				for (int i = 0; i < 3; i++) {
					long start = System.nanoTime();
					writeFailures.add(catchThrowable(this::write));
					writeMillis.add(millis(System.nanoTime() - start));
				}
				long readsSoFar = load.finishedStartedAfter(hungAt);
				await("reads while the primary hangs").atMost(Duration.ofSeconds(20))
					.until(() -> load.finishedStartedAfter(hungAt) >= readsSoFar + 100);
				load.close();
				outcomes = load.outcomes();
			}
			finally {
				proxy.restore();
			}
		}
		List<Outcome> afterHang = outcomes.stream().filter((outcome) -> outcome.start() >= hungAt).toList();
		System.out.printf("primary black-holed under 4 reading threads: health DOWN after %d ms, each health check "
				+ "answered within %d ms; writes then failed in %s ms (%s); reads started after the hang: %d, "
				+ "failed %d%n", millis(downAt - hungAt), slowestHealth, writeMillis, writeFailures.get(0),
				afterHang.size(), afterHang.stream().filter(Outcome::failed).count());

		assertThat(slowestHealth).as("slowest health check, ms").isLessThan(PROBE_TIMEOUT.toMillis());
		assertThat(millis(downAt - hungAt)).as("time to DOWN, ms")
			.isLessThanOrEqualTo(PROBE_INTERVAL.plus(PROBE_TIMEOUT).multipliedBy(2).plusSeconds(1).toMillis());
		assertThat(writeFailures).allSatisfy((failure) -> assertThat(failure)
			.isInstanceOf(TransientDataAccessResourceException.class)
			.hasMessageContaining("primary"));
		assertThat(writeMillis).allSatisfy((took) -> assertThat(took).isLessThan(PROBE_TIMEOUT.toMillis()));
		assertThat(afterHang).filteredOn(Outcome::failed).isEmpty();
		assertThat(afterHang).extracting(Outcome::port).doesNotContain(cluster.primary().port());

		await("health UP again").atMost(Duration.ofSeconds(30))
			.until(() -> Status.UP.equals(this.health.health(true).getStatus()));
		write();
	}

	private void write() {
		this.transactions.executeWithoutResult((status) -> this.jdbc.update("insert into writes default values"));
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

}
