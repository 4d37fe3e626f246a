package io.github.replicarouting;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

/**
 * What every JDBC proxy of this library answers itself: identity, and unwrapping to the proxy.
 */
final class JdbcProxies {

	/** Returned when the method is not one of these, and goes to the target. */
	static final Object NOT_HANDLED = new Object();

	private JdbcProxies() {
	}

	static @Nullable Object invokeOnProxy(Object proxy, Method method, Object @Nullable [] args) {
		switch (method.getName()) {
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			case "unwrap":
				return ((Class<?>) args[0]).isInstance(proxy) ? proxy : NOT_HANDLED;
			case "isWrapperFor":
				return ((Class<?>) args[0]).isInstance(proxy) ? Boolean.TRUE : NOT_HANDLED;
			default:
				return NOT_HANDLED;
		}
	}

}
