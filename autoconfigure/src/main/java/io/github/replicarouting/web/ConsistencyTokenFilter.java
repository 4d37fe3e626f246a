package io.github.replicarouting.web;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.filter.OncePerRequestFilter;

import io.github.replicarouting.ConsistencyScope;
import io.github.replicarouting.ConsistencyScopes;

/**
 * Gives each servlet request the consistency scope its client carries: the
 * {@value #HEADER} request header (which service-to-service calls can forward) or the
 * {@value #COOKIE} cookie. After a write commits, the response carries the updated token in both,
 * so the client's next request, served by any instance, sees that write inside
 * {@code @ReadYourWrites}. A malformed token is ignored.
 */
public class ConsistencyTokenFilter extends OncePerRequestFilter {

	/** The request and response header that carries the consistency token. */
	public static final String HEADER = "Replica-Routing-Token";

	/** The cookie that carries the consistency token. */
	public static final String COOKIE = "replica-routing-token";

	private static final Log logger = LogFactory.getLog(ConsistencyTokenFilter.class);

	private final Clock clock;

	/**
	 * Create the filter.
	 * @param clock the clock a token's write time may not run ahead of
	 */
	public ConsistencyTokenFilter(Clock clock) {
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ConsistencyScope scope = scope(request);
		Thread requestThread = Thread.currentThread();
		// Only the request's own thread may touch its response; work handed to other threads
		// still records its writes on the scope, which the request thread's next write sends.
		scope.onWrite((written) -> {
			if (Thread.currentThread() == requestThread) {
				send(written, response);
			}
		});
		ConsistencyScope previous = ConsistencyScopes.bind(scope);
		try {
			chain.doFilter(request, response);
		}
		finally {
			// The response is recycled after the request: later writes of the scope (by @Async
			// work that outlives it) must not reach it.
			scope.onWrite(null);
			ConsistencyScopes.restore(previous);
		}
	}

	private ConsistencyScope scope(HttpServletRequest request) {
		String token = request.getHeader(HEADER);
		if (token == null) {
			token = cookie(request);
		}
		ConsistencyScope scope = ConsistencyScope.fromToken(token, this.clock.millis());
		if (scope == null && token != null && logger.isDebugEnabled()) {
			logger.debug("Ignoring a malformed consistency token (" + token.length() + " characters)");
		}
		return (scope != null) ? scope : new ConsistencyScope();
	}

	private static @Nullable String cookie(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (COOKIE.equals(cookie.getName())) {
					return cookie.getValue();
				}
			}
		}
		return null;
	}

	private static void send(ConsistencyScope scope, HttpServletResponse response) {
		if (response.isCommitted()) {
			return;
		}
		String token = scope.token();
		response.setHeader(HEADER, token);
		ResponseCookie cookie = ResponseCookie.from(COOKIE, token).httpOnly(true).sameSite("Lax").path("/").build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

}
