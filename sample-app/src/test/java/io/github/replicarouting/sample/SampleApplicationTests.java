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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app on its embedded default, over HTTP, as a user sees it with curl.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void getShouldBeServedByAReplica() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/notes")).GET());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Routed-To")).hasValueSatisfying(
				(target) -> assertThat(target).startsWith("replica-"));
	}

	@Test
	void postShouldBeServedByThePrimaryAndReadBackAtOnce() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/notes"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello replicas\"}")));
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("X-Routed-To")).hasValue("primary");
		assertThat(response.body()).contains("hello replicas");
		// The replicas receive it within a second or so, and serve it.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			HttpResponse<String> list = send(HttpRequest.newBuilder(uri("/api/notes")).GET());
			assertThat(list.headers().firstValue("X-Routed-To")).hasValueSatisfying(
					(target) -> assertThat(target).startsWith("replica-"));
			assertThat(list.body()).contains("hello replicas");
		});
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
