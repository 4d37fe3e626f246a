package io.github.replicarouting.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.ReadLoad.Outcome;
import io.github.replicarouting.test.app.HealthTestApplication;
import io.github.replicarouting.test.app.ServerPorts;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static io.github.replicarouting.test.Json.at;
import static io.github.replicarouting.test.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Nothing on the read path waits on the primary. With the primary's pool saturated by long
 * transactions, read-only transactions keep their latency and {@code /actuator/health} (what a
 * Kubernetes probe calls) answers within {@code probe-timeout}, from what the probes know. With
 * the primary killed, reads keep running on the replicas without an error, health says
 * {@code DOWN} at once, and writes fail at once, not after the pool's connection timeout, with an
 * exception naming the primary that Spring translates to a transient data-access exception. The
 * primary's pool waits 5 s for a connection here (Hikari's default is 30 s), to keep a run on code
 * that waits on it short.
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.health.circuit-breaker.wait-duration-in-open-state=2s",
				"replica-routing.health.circuit-breaker.permitted-number-of-calls-in-half-open-state=2",
				"replica-routing.max-replication-lag=2s", "replica-routing.primary.hikari.maximum-pool-size=4",
				"replica-routing.primary.hikari.connection-timeout=5000",
				"management.endpoints.web.exposure.include=health", "management.endpoint.health.show-details=always" })
@ReplicatedPostgresTest(replicas = 2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class PrimaryOutageIT {

	private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	ServerPorts serverPorts;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	ReplicaRoutingDataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@BeforeAll
	static void createTable(ReplicatedPostgres cluster) {
		Db.execute(cluster.primary(), "create table writes (id serial primary key)");
	}

	@Test
	@Order(1)
	void readsAndHealthDoNotWaitOnASaturatedPrimaryPool(ReplicatedPostgres cluster) throws SQLException {
		awaitAllUp();
		List<Long> before = readLatencies(50);
		Timed<HttpResponse<String>> healthBefore = timed(() -> get("/actuator/health"));
		List<Long> during;
		Timed<HttpResponse<String>> health;
		try (HeldConnections held = HeldConnections.hold(this.dataSource.getPrimary().unwrap(DataSource.class), 4)) {
			during = readLatencies(50);
			health = timed(() -> get("/actuator/health"));
		}
		System.out.printf("primary pool saturated: 50 read-only transactions took at most %d ms (%d ms before); "
				+ "/actuator/health answered %d in %d ms (%d ms before)%n", max(during), max(before),
				health.value().statusCode(), health.millis(), healthBefore.millis());

		assertThat(max(during)).as("slowest read-only transaction with the primary's pool saturated, ms")
			.isLessThan(PROBE_TIMEOUT.toMillis());
		assertThat(health.millis()).as("time for /actuator/health to answer, ms").isLessThan(PROBE_TIMEOUT.toMillis());
		assertThat(health.value().statusCode()).isEqualTo(200);
		assertThat(at(json(health.value()), "components", "replicaRouting", "details", "primary", "state"))
			.isEqualTo("UP");
		// Spring Boot's own indicator asks the routing data source's connection isValid().
		assertThat(at(json(health.value()), "components", "db", "status")).isEqualTo("UP");
	}

	@Test
	@Order(2)
	void withThePrimaryKilledReadsContinueWritesFailAtOnceAndHealthIsDown(ReplicatedPostgres cluster) {
		awaitAllUp();
		this.transactions.executeWithoutResult((status) -> this.jdbc.update("insert into writes default values"));
		long killedAt;
		long knownAt;
		List<Timed<Throwable>> writes = new ArrayList<>();
		Timed<HttpResponse<String>> health;
		long mostProbeThreads = 0;
		List<Outcome> outcomes;
		try (ReadLoad load = ReadLoad.start(4, this.serverPorts::readOnly)) {
			killedAt = System.nanoTime();
			cluster.kill("primary");
			await("health DOWN").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> get("/actuator/health").statusCode() == 503);
			knownAt = System.nanoTime();
			for (int i = 0; i < 5; i++) {
				writes.add(timed(() -> catchThrowable(() -> this.transactions
					.executeWithoutResult((status) -> this.jdbc.update("insert into writes default values")))));
				mostProbeThreads = Math.max(mostProbeThreads, ProbeThreads.count());
			}
			health = timed(() -> get("/actuator/health"));
			long readsSoFar = load.finishedStartedAfter(knownAt);
			await("reads after the outage was known").atMost(Duration.ofSeconds(20))
				.until(() -> load.finishedStartedAfter(knownAt) >= readsSoFar + 200);
			mostProbeThreads = Math.max(mostProbeThreads, ProbeThreads.count());
			load.close();
			outcomes = load.outcomes();
		}
		finally {
			cluster.start("primary");
		}
		List<Outcome> afterKnown = select(outcomes, (outcome) -> outcome.start() >= knownAt);
		long slowestWrite = writes.stream().mapToLong(Timed::millis).max().orElseThrow();
		System.out.printf("primary killed under 4 reading threads: health DOWN after %d ms; writes failed in at most "
				+ "%d ms (%s); reads started after that: %d, failed %d; reads failed before: %d; /actuator/health "
				+ "answered %d in %d ms; probe threads at most %d%n", millis(knownAt - killedAt), slowestWrite,
				writes.get(0).value(), afterKnown.size(), select(afterKnown, Outcome::failed).size(),
				select(outcomes, (outcome) -> outcome.failed() && outcome.start() < knownAt).size(),
				health.value().statusCode(), health.millis(), mostProbeThreads);

		assertThat(select(afterKnown, Outcome::failed)).as("failed reads started after the outage was known").isEmpty();
		assertThat(select(afterKnown, (outcome) -> outcome.port() == cluster.primary().port()))
			.as("reads on the primary")
			.isEmpty();
		for (Timed<Throwable> write : writes) {
			assertThat(write.value()).isInstanceOf(TransientDataAccessResourceException.class)
				.hasMessageContaining("primary");
			assertThat(write.millis()).as("time for a write to fail, ms").isLessThan(PROBE_TIMEOUT.toMillis());
		}
		assertThat(health.millis()).as("time for /actuator/health to answer, ms").isLessThan(PROBE_TIMEOUT.toMillis());
		assertThat(at(json(health.value()), "components", "replicaRouting", "details", "primary", "state"))
			.isEqualTo("DOWN");
		assertThat(at(json(health.value()), "components", "db", "status")).isEqualTo("DOWN");
		assertThat(mostProbeThreads).as("probe threads, one per target at most").isLessThanOrEqualTo(3);

		await("health UP again").atMost(Duration.ofSeconds(30))
			.until(() -> get("/actuator/health").statusCode() == 200);
		this.transactions.executeWithoutResult((status) -> this.jdbc.update("insert into writes default values"));
	}

	private List<Long> readLatencies(int count) {
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Timed<ServerPorts.Served> read = timed(this.serverPorts::readOnly);
			assertThat(read.value().decision().target()).startsWith("replica-");
			latencies.add(read.millis());
		}
		return latencies;
	}

	private void awaitAllUp() {
		for (ReplicaHealth replica : this.monitor.replicas()) {
			await(replica.target().name() + " UP").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(20))
				.until(replica::state, ReplicaState.UP::equals);
		}
	}

	private static long max(List<Long> values) {
		return values.stream().mapToLong(Long::longValue).max().orElseThrow();
	}

	private static List<Outcome> select(List<Outcome> outcomes, Predicate<Outcome> filter) {
		return outcomes.stream().filter(filter).toList();
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

	private static <T> Timed<T> timed(java.util.function.Supplier<T> action) {
		long start = System.nanoTime();
		T value = action.get();
		return new Timed<>(value, millis(System.nanoTime() - start));
	}

	private HttpResponse<String> get(String path) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.timeout(Duration.ofSeconds(60))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Timed<T>(T value, long millis) {

	}

}
