package io.github.replicarouting;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Statement;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A plain {@link Statement} whose SQL the routing connection checks as it does for prepared
 * statements: on a read-only route a write is refused before it is sent; outside a transaction a
 * write is noted for read-your-writes.
 */
final class CheckedStatement implements InvocationHandler {

	private final Statement target;

	private final Consumer<String> check;

	private CheckedStatement(Statement target, Consumer<String> check) {
		this.target = target;
		this.check = check;
	}

	static Statement create(Statement target, Consumer<String> check) {
		return (Statement) Proxy.newProxyInstance(CheckedStatement.class.getClassLoader(),
				new Class<?>[] { Statement.class }, new CheckedStatement(target, check));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		String name = method.getName();
		Object first = (args != null && args.length > 0) ? args[0] : null;
		if (first instanceof String sql && (name.startsWith("execute") || name.equals("addBatch"))) {
			this.check.accept(sql);
		}
		switch (name) {
			case "equals":
				return proxy == first;
			case "hashCode":
				return System.identityHashCode(proxy);
			case "unwrap":
				if (first instanceof Class<?> type && type.isInstance(proxy)) {
					return proxy;
				}
				break;
			case "isWrapperFor":
				if (first instanceof Class<?> type && type.isInstance(proxy)) {
					return true;
				}
				break;
			default:
		}
		try {
			return method.invoke(this.target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
