package io.github.replicarouting.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.json.JsonParserFactory;

/**
 * A client of the sample app, as a browser is: it keeps its cookies, so the consistency token the
 * app sets after a write comes back with the next request. Two instances are two users.
 */
final class SampleHttp {

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int port;

	SampleHttp(int port) {
		this.port = port;
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	HttpResponse<String> post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	HttpResponse<String> put(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	/**
	 * GET a JSON object.
	 * @param path the path
	 * @return the parsed object
	 */
	Map<String, Object> json(String path) {
		return parse(get(path));
	}

	static Map<String, Object> parse(HttpResponse<String> response) {
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
		}
		return JsonParserFactory.getJsonParser().parseMap(response.body());
	}

	static String routedTo(HttpResponse<String> response) {
		return response.headers().firstValue("X-Routed-To").orElse("(no X-Routed-To header)");
	}

	/**
	 * A value deep in a JSON object.
	 * @param json the object
	 * @param path the keys, outermost first
	 * @return the value, or {@code null} when a key is missing
	 */
	@SuppressWarnings("unchecked")
	static Object at(Map<String, Object> json, String... path) {
		Object current = json;
		for (String key : path) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = ((Map<String, Object>) map).get(key);
		}
		return current;
	}

	/**
	 * The value of a Micrometer meter, through Actuator's metrics endpoint.
	 * @param name the meter
	 * @param tags {@code key:value} tags
	 * @return its first measurement, 0 when no such meter exists yet
	 */
	@SuppressWarnings("unchecked")
	double metric(String name, String... tags) {
		StringBuilder path = new StringBuilder("/actuator/metrics/" + name);
		for (int i = 0; i < tags.length; i++) {
			path.append((i == 0) ? '?' : '&').append("tag=").append(tags[i]);
		}
		HttpResponse<String> response = get(path.toString());
		if (response.statusCode() == 404) {
			return 0;
		}
		List<Map<String, Object>> measurements = (List<Map<String, Object>>) parse(response).get("measurements");
		return ((Number) measurements.get(0).get("value")).doubleValue();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).timeout(Duration.ofSeconds(30));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
