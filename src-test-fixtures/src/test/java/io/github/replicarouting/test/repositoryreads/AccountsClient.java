package io.github.replicarouting.test.repositoryreads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.json.JsonParserFactory;

import io.github.replicarouting.ConsistencyTokenFilter;

/**
 * One client of the accounts application over real HTTP. Like a browser, it keeps the
 * consistency-token cookie the application sets after a write and sends it back; a new client
 * has none.
 */
final class AccountsClient {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	private @Nullable String token;

	AccountsClient(int port) {
		this.port = port;
	}

	List<Call> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	List<Call> post(String path, String body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	List<Call> findByEmail(String email) {
		return get("/accounts/by-email?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
	}

	@Nullable String token() {
		return this.token;
	}

	@SuppressWarnings("unchecked")
	private List<Call> send(HttpRequest.Builder request) {
		if (this.token != null) {
			request.header("Cookie", ConsistencyTokenFilter.COOKIE + "=" + this.token);
		}
		HttpResponse<String> response;
		try {
			response = http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		if (response.statusCode() != 200) {
			throw new AssertionError(response.request().uri() + " answered " + response.statusCode() + ": "
					+ response.body());
		}
		response.headers().allValues("Set-Cookie").stream()
			.filter((cookie) -> cookie.startsWith(ConsistencyTokenFilter.COOKIE + "="))
			.forEach((cookie) -> this.token = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')));
		return JsonParserFactory.getJsonParser()
			.parseList(response.body())
			.stream()
			.map((call) -> Call.of((Map<String, Object>) call))
			.toList();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	/**
	 * One repository call a request made.
	 *
	 * @param name the repository method
	 * @param targets where each connection it took was routed
	 * @param reasons why, as the {@code reason} tag
	 * @param result what it returned
	 */
	record Call(String name, List<String> targets, List<String> reasons, String result) {

		@SuppressWarnings("unchecked")
		static Call of(Map<String, Object> json) {
			return new Call((String) json.get("name"), (List<String>) json.get("targets"),
					(List<String>) json.get("reasons"), (String) json.get("result"));
		}

		/** The single target this call was routed to. */
		String target() {
			if (this.targets.size() != 1) {
				throw new AssertionError(this.name + " was routed " + this.targets.size() + " times: " + this);
			}
			return this.targets.get(0);
		}

		/** The single reason this call was routed for. */
		String reason() {
			target();
			return this.reasons.get(0);
		}

	}

}
