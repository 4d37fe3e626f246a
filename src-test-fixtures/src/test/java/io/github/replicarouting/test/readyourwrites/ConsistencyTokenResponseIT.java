package io.github.replicarouting.test.readyourwrites;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;
import io.github.replicarouting.ConsistencyTokenFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a response that committed writes carries, over real HTTP on Tomcat: one consistency token,
 * the latest, however many transactions the request committed, in one {@code Set-Cookie} scoped
 * to the application's context path and marked {@code Secure} when the request came over HTTPS
 * (here through a TLS-terminating proxy's {@code X-Forwarded-Proto}, as Spring Boot's
 * {@code server.forward-headers-strategy=native} reads it).
 */
@SpringBootTest(classes = ReadYourWritesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "replica-routing.read-your-writes.mode=causal",
				"server.servlet.context-path=" + ConsistencyTokenResponseIT.CONTEXT_PATH,
				"server.forward-headers-strategy=native" })
@ReplicatedPostgresTest(replicas = 1)
@DirtiesContext
class ConsistencyTokenResponseIT {

	static final String CONTEXT_PATH = "/notes-app";

	private static final Map<String, String> OVER_HTTPS = Map.of("X-Forwarded-Proto", "https");

	@LocalServerPort
	int port;

	@Autowired
	Notes notes;

	@Autowired
	JdbcTemplate jdbc;

	NotesClient client;

	@BeforeEach
	void createTable() {
		this.client = new NotesClient(this.port, CONTEXT_PATH);
		this.notes.createTable();
	}

	@Test
	void requestThatCommitsThirtyWritesAnswersWithOneTokenTheLatest() {
		HttpResponse<String> written = this.client.writeMany(30, Map.of());

		List<String> cookies = tokenCookies(written);
		List<String> headers = written.headers().allValues(ConsistencyTokenFilter.HEADER);
		System.out.println("[read-your-writes] 30 write transactions in one request: " + cookies.size()
				+ " token cookie(s), " + headers.size() + " token header(s)");
		assertThat(written.statusCode()).isEqualTo(200);
		assertThat(cookies).hasSize(1);
		assertThat(headers).hasSize(1);
		String token = headers.get(0);
		assertThat(cookies.get(0)).startsWith(ConsistencyTokenFilter.COOKIE + "=" + token + ";");
		// The position the scope recorded after the 30th write, as the application saw it.
		assertThat(position(token)).isEqualTo(written.body());
	}

	@Test
	void requestThatCommitsMoreWritesThanTheHeaderLimitCouldCarryAnswersNormally() {
		long before = countNotes();

		HttpResponse<String> written = this.client.writeMany(400, Map.of());

		System.out.println("[read-your-writes] 400 write transactions in one request: status " + written.statusCode()
				+ ", " + tokenCookies(written).size() + " token cookie(s)");
		assertThat(written.statusCode()).isEqualTo(200);
		assertThat(tokenCookies(written)).hasSize(1);
		assertThat(countNotes() - before).isEqualTo(400);
	}

	@Test
	void cookieIsScopedToTheContextPathAndSecureOnlyOverHttps() {
		String plain = tokenCookies(this.client.writeMany(1, Map.of())).get(0);
		String secure = tokenCookies(this.client.writeMany(1, OVER_HTTPS)).get(0);

		System.out.println("[read-your-writes] token cookie over http: " + attributes(plain) + "; over https: "
				+ attributes(secure));
		assertThat(attributes(plain)).contains("Path=" + CONTEXT_PATH, "HttpOnly", "SameSite=Lax")
			.doesNotContain("Secure");
		assertThat(attributes(secure)).contains("Path=" + CONTEXT_PATH, "HttpOnly", "SameSite=Lax", "Secure");
	}

	private long countNotes() {
		return this.jdbc.queryForObject("select count(*) from note", Long.class);
	}

	private static List<String> tokenCookies(HttpResponse<String> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith(ConsistencyTokenFilter.COOKIE + "="))
			.toList();
	}

	/** The cookie's attributes, its value left out. */
	private static List<String> attributes(String cookie) {
		return List.of(cookie.substring(cookie.indexOf(';') + 1).strip().split(";\\s*"));
	}

	/** The log position a token names: its third field. */
	private static String position(String token) {
		return token.split("\\.")[2];
	}

}
