package io.github.replicarouting.test.readyourwrites;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.github.replicarouting.ConsistencyTokenFilter;

/**
 * The notes application over real HTTP, each request on its own: no cookie jar, so a request
 * carries exactly the token a test gives it.
 */
final class NotesClient {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	private final String contextPath;

	NotesClient(int port) {
		this(port, "");
	}

	NotesClient(int port, String contextPath) {
		this.port = port;
		this.contextPath = contextPath;
	}

	HttpResponse<String> write(String body) {
		return send(HttpRequest.newBuilder(uri("/notes"))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(body)), Map.of());
	}

	/** Write {@code count} notes in one request, each in a transaction of its own. */
	HttpResponse<String> writeMany(int count, Map<String, String> headers) {
		return send(HttpRequest.newBuilder(uri("/notes/batch"))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(String.valueOf(count))), headers);
	}

	HttpResponse<String> writeLater(String body) {
		return send(HttpRequest.newBuilder(uri("/notes/later"))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(body)), Map.of());
	}

	/** Read a note with the token in the request header. */
	Served readWithHeader(long id, String token) {
		return read(id, Map.of(ConsistencyTokenFilter.HEADER, token));
	}

	/** Read a note with the token in the cookie. */
	Served readWithCookie(long id, String token) {
		return read(id, Map.of("Cookie", ConsistencyTokenFilter.COOKIE + "=" + token));
	}

	/** Read a note with no token at all. */
	Served read(long id) {
		return read(id, Map.of());
	}

	private Served read(long id, Map<String, String> headers) {
		long start = System.nanoTime();
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/notes/" + id)).GET(), headers);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		if (response.statusCode() != 200) {
			throw new AssertionError("GET /notes/" + id + " answered " + response.statusCode() + ": " + response.body());
		}
		String[] parts = response.body().split("\\|", 4);
		return new Served(Integer.parseInt(parts[0]), parts[1], parts[2], parts[3], elapsed);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> headers) {
		headers.forEach(request::header);
		try {
			return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + this.contextPath + path);
	}

	/**
	 * One read over HTTP.
	 *
	 * @param port the server that ran it, by its own account
	 * @param target where the router sent it
	 * @param reason why, as the {@code reason} tag
	 * @param body the note's text, empty when the server did not have it
	 * @param elapsed how long the request took
	 */
	record Served(int port, String target, String reason, String body, Duration elapsed) {

	}

}
