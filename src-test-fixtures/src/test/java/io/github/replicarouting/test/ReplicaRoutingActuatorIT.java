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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.app.HealthTestApplication;
import io.github.replicarouting.test.app.ServerPorts.Served;
import io.github.replicarouting.test.app.ServerPorts;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static io.github.replicarouting.test.Json.at;
import static io.github.replicarouting.test.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replica routing as operators see it, over real HTTP: the {@code replicaRouting} health
 * contributor, the {@code replicarouting} endpoint (eject and readmit change where reads run, as
 * the server reports it) and the metrics, none of which, nor the application's log, ever shows
 * the primary's password. The application connects as a role of its own with a recognizable
 * password ({@value #PASSWORD}); the servers trust local connections, so any password works, but
 * the client holds and sends this one. replica-2's URL carries the password too, as a URL
 * parameter.
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.health.circuit-breaker.wait-duration-in-open-state=2s",
				// Where reads run right after a replica comes back, not how its share ramps: SlowStartIT.
				"replica-routing.health.slow-start=0s",
				"replica-routing.health.circuit-breaker.permitted-number-of-calls-in-half-open-state=2",
				"replica-routing.max-replication-lag=2s",
				// A stopped primary must make health DOWN in seconds, not after Hikari's 30 s default.
				"replica-routing.primary.hikari.connection-timeout=2000",
				"management.endpoints.web.exposure.include=health,replicarouting,metrics",
				"management.endpoint.replicarouting.access=unrestricted",
				"management.endpoint.health.show-details=always",
				// Everything the library and the pools log, so the password check has something to bite on.
				"logging.level.io.github.replicarouting=DEBUG", "logging.level.com.zaxxer.hikari=DEBUG" })
@ReplicatedPostgresTest(replicas = 2, registerProperties = false)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class ReplicaRoutingActuatorIT {

	static final String PASSWORD = "Sup3r-Secret-P4ss";

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	ServerPorts serverPorts;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	ReplicaRoutingDataSource dataSource;

	@DynamicPropertySource
	static void connectAsApp(DynamicPropertyRegistry registry) {
		ReplicatedPostgres cluster = ReplicatedPostgres.forTestClass(ReplicaRoutingActuatorIT.class);
		if ("0".equals(Db.value(cluster.primary(), "select count(*) from pg_roles where rolname = 'app'"))) {
			Db.execute(cluster.primary(), "create role app login password '" + PASSWORD + "'");
		}
		// The replicas must know the role before the probes log in with it.
		cluster.awaitAllReplicated();
		Map<String, String> properties = new LinkedHashMap<>(cluster.properties());
		properties.put("replica-routing.primary.username", "app");
		properties.put("replica-routing.primary.password", PASSWORD);
		properties.put("replica-routing.replicas.replica-2.url",
				cluster.replica("replica-2").jdbcUrl() + "?password=" + PASSWORD);
		properties.forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	@Order(1)
	void healthIsUpWithAReplicaDownAndShowsItsCircuitOpen(ReplicatedPostgres cluster) {
		awaitState("replica-1", ReplicaState.UP);
		cluster.kill("replica-1");
		try {
			await("replica-1 CIRCUIT_OPEN in /actuator/health").atMost(Duration.ofSeconds(5))
				.until(() -> at(json(get("/actuator/health")), "components", "replicaRouting", "details", "replicas",
						"replica-1", "state"), "CIRCUIT_OPEN"::equals);

			HttpResponse<String> response = get("/actuator/health");

			assertThat(response.statusCode()).isEqualTo(200);
			Map<String, Object> health = json(response);
			assertThat(health).containsEntry("status", "UP");
			assertThat(at(health, "components", "replicaRouting", "status")).isEqualTo("UP");
			assertThat(at(health, "components", "replicaRouting", "details", "primary", "state")).isEqualTo("UP");
			assertThat(at(health, "components", "replicaRouting", "details", "replicas", "replica-2", "state"))
				.isEqualTo("UP");
			// Spring Boot's own db indicator must not compose the replicas.
			assertThat(at(health, "components", "db", "status")).isEqualTo("UP");
		}
		finally {
			cluster.start("replica-1");
		}
		awaitState("replica-1", ReplicaState.UP);
	}

	@Test
	@Order(2)
	void ejectAndReadmitThroughTheEndpointChangeWhereReadsRun(ReplicatedPostgres cluster) {
		int replica1 = cluster.replica("replica-1").port();
		int replica2 = cluster.replica("replica-2").port();
		awaitState("replica-1", ReplicaState.UP);
		awaitState("replica-2", ReplicaState.UP);
		assertThat(reads(10)).extracting(Served::port).contains(replica1, replica2);

		HttpResponse<String> ejected = post("/actuator/replicarouting/replica-1", "{\"action\":\"eject\"}");

		assertThat(ejected.statusCode()).as(ejected.body()).isEqualTo(200);
		assertThat(json(ejected)).containsEntry("state", "EJECTED");
		assertThat(reads(10)).extracting(Served::port).containsOnly(replica2);
		assertThat(json(get("/actuator/replicarouting/replica-1"))).containsEntry("state", "EJECTED");
		assertThat(at(json(get("/actuator/replicarouting")), "replicas", "replica-1", "state")).isEqualTo("EJECTED");

		HttpResponse<String> readmitted = post("/actuator/replicarouting/replica-1", "{\"action\":\"readmit\"}");

		assertThat(readmitted.statusCode()).as(readmitted.body()).isEqualTo(200);
		assertThat(json(readmitted)).containsEntry("state", "UP");
		assertThat(reads(10)).extracting(Served::port).contains(replica1, replica2);
	}

	@Test
	@Order(3)
	void unknownReplicaIsNotFoundAndUnknownActionIsBadRequest() {
		HttpResponse<String> unknownReplica = post("/actuator/replicarouting/replica-9", "{\"action\":\"eject\"}");
		assertThat(unknownReplica.statusCode()).isEqualTo(404);
		assertThat(unknownReplica.body()).contains("replica-9");
		assertThat(get("/actuator/replicarouting/replica-9").statusCode()).isEqualTo(404);

		HttpResponse<String> unknownAction = post("/actuator/replicarouting/replica-1", "{\"action\":\"explode\"}");
		assertThat(unknownAction.statusCode()).isEqualTo(400);
		assertThat(unknownAction.body()).contains("explode");
		assertThat(this.monitor.replica("replica-1").orElseThrow().state()).isEqualTo(ReplicaState.UP);
	}

	@Test
	@Order(4)
	void healthIsDownWhenThePrimaryIsDown(ReplicatedPostgres cluster) {
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		cluster.stop("primary");
		try {
			await("health DOWN").atMost(Duration.ofSeconds(20))
				.until(() -> at(json(get("/actuator/health")), "components", "replicaRouting", "status"), "DOWN"::equals);

			HttpResponse<String> response = get("/actuator/health");

			assertThat(response.statusCode()).isEqualTo(503);
			Map<String, Object> health = json(response);
			assertThat(health).containsEntry("status", "DOWN");
			assertThat(at(health, "components", "replicaRouting", "details", "primary", "state")).isEqualTo("DOWN");
		}
		finally {
			cluster.start("primary");
		}
		await("health UP again").atMost(Duration.ofSeconds(20))
			.until(() -> get("/actuator/health").statusCode() == 200);
	}

	@Test
	@Order(5)
	void noResponseNorLogLineContainsThePassword(CapturedOutput output) throws SQLException {
		// The password is really in use: the pools hold it and the primary's sessions run as app.
		HikariDataSource primaryPool = this.dataSource.getPrimary().unwrap(HikariDataSource.class);
		assertThat(primaryPool.getPassword()).isEqualTo(PASSWORD);
		assertThat(this.serverPorts.currentUser()).isEqualTo("app");
		assertThat(this.dataSource.getReplicas()).extracting((replica) -> replica.url())
			.noneMatch((url) -> url.contains(PASSWORD));
		// Both replicas serve (the primary's restart above may still be settling), so both pools log.
		await("both replicas UP").atMost(Duration.ofSeconds(30))
			.until(() -> this.monitor.replicas().stream().allMatch((replica) -> replica.state() == ReplicaState.UP));
		reads(4);

		List<String> paths = List.of("/actuator/health", "/actuator/replicarouting",
				"/actuator/replicarouting/replica-1", "/actuator/replicarouting/replica-2",
				"/actuator/metrics/replica.routing.routes", "/actuator/metrics/replica.routing.replica.lag",
				"/actuator/metrics/replica.routing.replica.available", "/actuator/metrics");
		for (String path : paths) {
			HttpResponse<String> response = get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.body()).as(path).doesNotContain(PASSWORD);
		}
		assertThat(get("/actuator/metrics/replica.routing.routes").body()).contains("\"target\"", "\"reason\"",
				"replica-1", "read-only");
		// The log was captured (the pools' start-up among it) and holds no password.
		assertThat(output.getAll()).contains("replica-routing-primary").doesNotContain(PASSWORD);
	}

	private List<Served> reads(int count) {
		List<Served> reads = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			reads.add(this.serverPorts.readOnly());
		}
		return reads;
	}

	private void awaitState(String name, ReplicaState state) {
		await(name + " " + state).atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.monitor.replica(name).orElseThrow().state(), state::equals);
	}

	private HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	private HttpResponse<String> post(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
