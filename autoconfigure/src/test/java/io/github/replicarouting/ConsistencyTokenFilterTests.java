package io.github.replicarouting;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.github.replicarouting.ConsistencyScope;
import io.github.replicarouting.ConsistencyScopes;
import io.github.replicarouting.ConsistencyTokens;
import io.github.replicarouting.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token a response carries: one, the latest, whatever number of transactions wrote, set
 * before the body starts or when the request ends; the request's token only when it verifies.
 */
class ConsistencyTokenFilterTests {

	private final Clock clock = new MutableClock();

	private final ConsistencyTokens tokens = ConsistencyTokens.withSecret("a-secret-for-the-filter-tests-0123456789");

	private final ConsistencyTokenFilter filter = new ConsistencyTokenFilter(this.tokens, this.clock);

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/notes");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void requestThatWritesManyTimesShouldAnswerWithOneTokenTheLatest() throws Exception {
		run((response) -> {
			for (int i = 1; i <= 30; i++) {
				write(i);
			}
			response.getWriter().write("done");
		});

		assertThat(tokenCookies()).hasSize(1);
		assertThat(this.response.getHeaders(ConsistencyTokenFilter.HEADER)).hasSize(1);
		String token = this.response.getHeader(ConsistencyTokenFilter.HEADER);
		assertThat(tokenCookies().get(0)).startsWith(ConsistencyTokenFilter.COOKIE + "=" + token + ";");
		assertThat(this.tokens.scope(token, this.clock.millis()).position()).isEqualTo(30);
	}

	@Test
	void requestThatDoesNotWriteShouldAnswerWithoutToken() throws Exception {
		run((response) -> response.getWriter().write("read only"));

		assertThat(tokenCookies()).isEmpty();
		assertThat(this.response.getHeader(ConsistencyTokenFilter.HEADER)).isNull();
	}

	@Test
	void responseWithoutBodyShouldGetTheTokenWhenTheRequestEnds() throws Exception {
		run((response) -> {
			write(7);
			response.setStatus(HttpServletResponse.SC_NO_CONTENT);
		});

		assertThat(tokenCookies()).hasSize(1);
		assertThat(position(this.response.getHeader(ConsistencyTokenFilter.HEADER))).isEqualTo(7);
	}

	@Test
	void writeOnAnotherThreadBeforeTheBodyShouldBeInTheToken() throws Exception {
		run((response) -> {
			write(1);
			ConsistencyScope scope = ConsistencyScopes.current();
			CompletableFuture.runAsync(() -> scope.recordWrite(this.clock.millis(), 2)).join();
			response.getWriter().write("done");
		});

		assertThat(tokenCookies()).hasSize(1);
		assertThat(position(this.response.getHeader(ConsistencyTokenFilter.HEADER))).isEqualTo(2);
	}

	@Test
	void errorAfterAWriteShouldStillCarryTheToken() throws Exception {
		run((response) -> {
			write(3);
			response.sendError(HttpServletResponse.SC_CONFLICT);
		});

		assertThat(this.response.getStatus()).isEqualTo(HttpServletResponse.SC_CONFLICT);
		assertThat(tokenCookies()).hasSize(1);
	}

	@Test
	void resetResponseShouldGetTheTokenAgain() throws Exception {
		run((response) -> {
			write(4);
			response.getWriter().write("first attempt");
			response.reset();
			response.getWriter().write("second attempt");
		});

		assertThat(tokenCookies()).hasSize(1);
		assertThat(this.response.getContentAsString()).isEqualTo("second attempt");
	}

	@Test
	void cookieShouldBeHttpOnlyLaxAndScopedToTheContextPath() throws Exception {
		this.request.setContextPath("/shop");
		run((response) -> write(1));

		assertThat(tokenCookies().get(0)).contains("Path=/shop", "HttpOnly", "SameSite=Lax").doesNotContain("Secure");
	}

	@Test
	void cookieShouldBeSecureOnASecureRequestAndAtTheRootWithoutContextPath() throws Exception {
		this.request.setSecure(true);
		run((response) -> write(1));

		assertThat(tokenCookies().get(0)).contains("Path=/;", "Secure");
	}

	@Test
	void verifiedTokenFromTheHeaderShouldBeTheRequestsScope() throws Exception {
		this.request.addHeader(ConsistencyTokenFilter.HEADER, tokenAt(1000, 55));

		assertThat(scopeSeen().position()).isEqualTo(55);
	}

	@Test
	void verifiedTokenFromACookieShouldBeTheRequestsScopeEvenAfterAnotherPathsStaleOne() throws Exception {
		this.request.setCookies(new Cookie(ConsistencyTokenFilter.COOKIE, "1.1000.99"),
				new Cookie(ConsistencyTokenFilter.COOKIE, tokenAt(1000, 56)));

		assertThat(scopeSeen().position()).isEqualTo(56);
	}

	@Test
	void tokenThatDoesNotVerifyShouldBeIgnored() throws Exception {
		String token = tokenAt(1000, 57);
		this.request.addHeader(ConsistencyTokenFilter.HEADER, token.replace(".57.", ".58."));

		ConsistencyScope scope = scopeSeen();
		assertThat(scope.lastWriteMillis()).isEqualTo(Long.MIN_VALUE);
		assertThat(scope.position()).isEqualTo(-1);
	}

	private String tokenAt(long writeMillis, long position) {
		ConsistencyScope scope = new ConsistencyScope();
		scope.recordWrite(writeMillis, position);
		return this.tokens.token(scope);
	}

	private ConsistencyScope scopeSeen() throws Exception {
		ConsistencyScope[] seen = new ConsistencyScope[1];
		run((response) -> seen[0] = ConsistencyScopes.current());
		return seen[0];
	}

	private void write(long position) {
		ConsistencyScopes.current().recordWrite(this.clock.millis(), position);
	}

	private long position(String token) {
		return this.tokens.scope(token, this.clock.millis() + Duration.ofDays(1).toMillis()).position();
	}

	private List<String> tokenCookies() {
		return this.response.getHeaders("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith(ConsistencyTokenFilter.COOKIE + "="))
			.toList();
	}

	private void run(Handler handler) throws ServletException, IOException {
		FilterChain chain = (request, response) -> handler.handle((HttpServletResponse) response);
		this.filter.doFilter(this.request, this.response, chain);
	}

	@FunctionalInterface
	private interface Handler {

		void handle(HttpServletResponse response) throws IOException;

	}

}
