package io.github.replicarouting.sample.routing;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingListener;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Adds {@code X-Routed-To} to every API response: the target that served the request's last
 * transaction, as the router told this listener. A request that wrote and then read back
 * ({@code @ReadYourWrites}) shows where the read went.
 */
@Component
@ControllerAdvice
class RoutedToHeader implements RoutingListener, ResponseBodyAdvice<Object> {

	static final String HEADER = "X-Routed-To";

	private static final String ATTRIBUTE = RoutedToHeader.class.getName();

	@Override
	public void onRouted(RoutingDecision decision) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.setAttribute(ATTRIBUTE, decision.target(), RequestAttributes.SCOPE_REQUEST);
		}
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		Object target = (attributes != null) ? attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
				: null;
		if (target != null) {
			response.getHeaders().set(HEADER, target.toString());
		}
		return body;
	}

}
