package io.github.replicarouting;

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
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives each servlet request the consistency scope its client carries: the {@value #HEADER}
 * request header (which service-to-service calls can forward) or the {@value #COOKIE} cookie.
 * A token that does not verify ({@link ConsistencyTokens}) is ignored. When the scope wrote
 * during the request, the response carries one token, the latest, in that header and in one
 * cookie ({@code HttpOnly}, {@code SameSite=Lax}, {@code Path} the context path, {@code Secure}
 * when the request came over HTTPS), however many transactions wrote: it is set just before the
 * body starts, an error or redirect is sent, or the request ends, whichever comes first. So the
 * client's next request, served by any instance that shares the token secret, sees those writes
 * inside {@code @ReadYourWrites}. (A write after the body has started cannot change the headers
 * any more: it reaches the client with the next response that carries a token.)
 */
public class ConsistencyTokenFilter extends OncePerRequestFilter {

	/** The request and response header that carries the consistency token. */
	public static final String HEADER = "Replica-Routing-Token";

	/** The cookie that carries the consistency token. */
	public static final String COOKIE = "replica-routing-token";

	private static final Log logger = LogFactory.getLog(ConsistencyTokenFilter.class);

	private final ConsistencyTokens tokens;

	private final Clock clock;

	/**
	 * Create the filter.
	 * @param tokens reads and makes the tokens
	 * @param clock the clock a token's write time may not run ahead of
	 */
	public ConsistencyTokenFilter(ConsistencyTokens tokens, Clock clock) {
		this.tokens = tokens;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ConsistencyScope scope = scope(request);
		TokenResponse tokenResponse = new TokenResponse(response, (target) -> send(scope, request, target));
		// Only marks the response: a write on any thread (work handed off by the request too)
		// never touches it, and one after the request ended (which Tomcat recycles) changes nothing.
		scope.onWrite((written) -> tokenResponse.scopeWrote());
		ConsistencyScope previous = ConsistencyScopes.bind(scope);
		try {
			chain.doFilter(request, tokenResponse);
		}
		finally {
			ConsistencyScopes.restore(previous);
			if (!request.isAsyncStarted()) {
				// Nothing wrote a body (or it did without asking this response for it): now or never.
				tokenResponse.sendToken();
			}
		}
	}

	private ConsistencyScope scope(HttpServletRequest request) {
		String header = request.getHeader(HEADER);
		long now = this.clock.millis();
		if (header != null) {
			return scopeOf(header, now);
		}
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				// Another path's cookie of the same name may come first: any that verifies will do.
				if (COOKIE.equals(cookie.getName())) {
					ConsistencyScope scope = this.tokens.scope(cookie.getValue(), now);
					if (scope != null) {
						return scope;
					}
					ignored(cookie.getValue());
				}
			}
		}
		return new ConsistencyScope();
	}

	private ConsistencyScope scopeOf(String token, long now) {
		ConsistencyScope scope = this.tokens.scope(token, now);
		if (scope == null) {
			ignored(token);
			return new ConsistencyScope();
		}
		return scope;
	}

	private static void ignored(@Nullable String token) {
		if (logger.isDebugEnabled()) {
			// Never the token itself: it is the client's, and may be anything.
			logger.debug("Ignoring a consistency token that does not verify ("
					+ ((token != null) ? token.length() : 0) + " characters)");
		}
	}

	private void send(ConsistencyScope scope, HttpServletRequest request, HttpServletResponse response) {
		String token = this.tokens.token(scope);
		String path = StringUtils.hasLength(request.getContextPath()) ? request.getContextPath() : "/";
		ResponseCookie cookie = ResponseCookie.from(COOKIE, token)
			.httpOnly(true)
			.sameSite("Lax")
			.path(path)
			.secure(request.isSecure())
			.build();
		response.setHeader(HEADER, token);
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

}
