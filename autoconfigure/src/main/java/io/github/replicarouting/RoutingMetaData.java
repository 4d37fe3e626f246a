package io.github.replicarouting;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;

import org.jspecify.annotations.Nullable;

/**
 * The {@link DatabaseMetaData} of a connection that has not been routed yet. What describes the
 * database rather than the connection (product, driver, versions) is answered from the primary's
 * metadata, read once, so that instrumentation and ORMs that ask for it right after
 * {@code getConnection()} do not force a route before the transaction's read-only flag is known.
 * Anything else routes the connection and asks its target.
 */
final class RoutingMetaData implements InvocationHandler {

	private final RoutingConnection connection;

	private RoutingMetaData(RoutingConnection connection) {
		this.connection = connection;
	}

	static DatabaseMetaData create(RoutingConnection connection) {
		return (DatabaseMetaData) Proxy.newProxyInstance(RoutingMetaData.class.getClassLoader(),
				new Class<?>[] { DatabaseMetaData.class }, new RoutingMetaData(connection));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		String name = method.getName();
		if (name.equals("getConnection")) {
			return this.connection;
		}
		if (name.equals("toString")) {
			return "Replica routing metadata";
		}
		if (args == null || args.length == 0) {
			Object known = this.connection.defaults().metaData().get(name);
			if (known != null) {
				return known;
			}
		}
		try {
			return method.invoke(this.connection.target().getMetaData(), args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
