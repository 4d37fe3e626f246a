package io.github.replicarouting.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.app.HealthTestApplication;
import io.github.replicarouting.test.app.ServerPorts;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static io.github.replicarouting.test.Json.at;
import static io.github.replicarouting.test.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Secrets that hide in JDBC URLs under other names than {@code password} never reach Actuator
 * over HTTP, the log or a startup failure: every URL shown is scheme, host, port and database.
 * The primary and replica-1 are real nodes whose URLs carry {@code sslpassword}, {@code password}
 * and {@code password1} (the servers trust local connections and ignore them); replica-2 is a
 * MariaDB address-form URL that the MariaDB driver rejects with an error quoting the whole URL.
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "replica-routing.health.probe-interval=300ms",
				"management.endpoints.web.exposure.include=health,replicarouting",
				"management.endpoint.health.show-details=always", "logging.level.io.github.replicarouting=DEBUG" })
@ReplicatedPostgresTest(replicas = 1, registerProperties = false)
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class CredentialsInUrlsIT {

	static final String SECRET = "Xq7-Url-Secret";

	private static final String SECRETS = "?sslpassword=" + SECRET + "&password=" + SECRET + "&password1=" + SECRET;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static int closedPort;

	@LocalServerPort
	int port;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	ServerPorts serverPorts;

	@DynamicPropertySource
	static void urlsWithSecrets(DynamicPropertyRegistry registry) {
		ReplicatedPostgres cluster = ReplicatedPostgres.forTestClass(CredentialsInUrlsIT.class);
		closedPort = closedPort();
		registry.add("replica-routing.primary.url", () -> cluster.primary().jdbcUrl() + SECRETS);
		registry.add("replica-routing.primary.username", () -> cluster.primary().username());
		registry.add("replica-routing.replicas.replica-1.url", () -> cluster.replica("replica-1").jdbcUrl() + SECRETS);
		registry.add("replica-routing.replicas.replica-2.url",
				() -> "jdbc:mariadb:address=(host=127.0.0.1)(port=" + closedPort + ")/postgres?password=" + SECRET);
	}

	@Test
	void healthEndpointAndLogShowUrlsAsSchemeHostPortAndDatabaseOnly(ReplicatedPostgres cluster,
			CapturedOutput output) {
		await("replica-1 UP").atMost(Duration.ofSeconds(15))
			.until(() -> this.monitor.replica("replica-1").orElseThrow().state() == ReplicaState.UP);
		this.serverPorts.readOnly();
		// replica-2's probe has failed at least twice: its driver's message was logged.
		await("replica-2 probe failures logged").atMost(Duration.ofSeconds(15))
			.until(() -> output.getAll().split("replica-2 - probe", -1).length > 2);

		String primary = "jdbc:postgresql://127.0.0.1:" + cluster.primary().port() + "/postgres";
		String replica1 = "jdbc:postgresql://127.0.0.1:" + cluster.replica("replica-1").port() + "/postgres";
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.body()).doesNotContain(SECRET);
		Map<String, Object> json = json(health);
		assertThat(at(json, "components", "replicaRouting", "details", "primary", "url")).isEqualTo(primary);
		assertThat(at(json, "components", "replicaRouting", "details", "replicas", "replica-1", "url"))
			.isEqualTo(replica1);
		assertThat(at(json, "components", "replicaRouting", "details", "replicas", "replica-2", "url"))
			.isEqualTo("jdbc:mariadb:");
		HttpResponse<String> endpoint = get("/actuator/replicarouting");
		assertThat(endpoint.body()).doesNotContain(SECRET);
		assertThat(at(json(endpoint), "replicas", "replica-1", "url")).isEqualTo(replica1);
		assertThat(get("/actuator/replicarouting/replica-2").body()).doesNotContain(SECRET).contains("jdbc:mariadb:");
		assertThat(output.getAll()).contains("replica-2 - probe").doesNotContain(SECRET);
	}

	@Test
	void startupFailureNamesTheKeyAndShowsNoSecret(CapturedOutput output) {
		String primary = ReplicatedPostgres.forTestClass(CredentialsInUrlsIT.class).primary().jdbcUrl();
		// No driver on the classpath takes this URL.
		assertThatException().isThrownBy(() -> start(primary,
				"jdbc:oracle:thin:@//db:1521/app?sslpassword=" + SECRET + "&password1=" + SECRET));
		// The MariaDB driver would quote the password in its errors ("Incorrect port value : <password>@db").
		assertThatException().isThrownBy(() -> start(primary, "jdbc:mariadb://app:" + SECRET + "@db:3306/app"));

		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("replica-routing.replicas.replica-1.url")
			.contains("replica-routing.replicas.replica-1.password")
			.doesNotContain(SECRET);
	}

	private static void start(String primary, String replica) {
		new SpringApplicationBuilder(HealthTestApplication.class).web(WebApplicationType.NONE)
			.properties("replica-routing.primary.url=" + primary, "replica-routing.replicas.replica-1.url=" + replica,
					"spring.jmx.enabled=false")
			.run()
			.close();
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private HttpResponse<String> get(String path) {
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
						.timeout(Duration.ofSeconds(15))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			return response;
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
