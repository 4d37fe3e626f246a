package io.github.replicarouting.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app in its {@code h2} profile, over HTTP, as a user sees it with curl: Flyway and
 * the seed on the H2 primary, reads on the H2 replicas once the stand-in replication has copied
 * the data, writes on the primary. No demo controls in this mode.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("h2")
class SampleApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void reportShouldBeServedByAReplicaOnceReplicated() {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/reports/countries?days=30")).GET());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-Routed-To")).hasValueSatisfying(
					(target) -> assertThat(target).startsWith("replica-"));
			assertThat(response.body()).contains("\"country\":\"US\"");
		});
	}

	@Test
	void savedDashboardShouldBeServedByThePrimaryAndReadBackAtOnce() throws Exception {
		HttpResponse<String> saved = send(HttpRequest.newBuilder(uri("/api/dashboards"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(
					"{\"name\":\"Checkout funnel\",\"eventType\":\"purchase\",\"rangeDays\":7,\"chart\":\"bar\"}")));
		assertThat(saved.statusCode()).isEqualTo(201);
		assertThat(saved.headers().firstValue("X-Routed-To")).hasValue("primary");
		String id = saved.body().replaceAll(".*\"id\":(\\d+).*", "$1");
		// Same client (its consistency cookie): read-your-writes sends the read to the primary.
		String cookie = saved.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
		HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/api/dashboards/" + id)).header("Cookie", cookie).GET());
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).contains("Checkout funnel");
	}

	@Test
	void demoControlsShouldNotExist() throws Exception {
		assertThat(send(HttpRequest.newBuilder(uri("/demo")).GET()).statusCode()).isEqualTo(404);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
