package io.github.replicarouting;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Statement;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A plain {@link Statement} of a read-only route, which refuses statements that write before
 * they are sent, as the routing connection does for prepared statements.
 */
final class ReadOnlyStatement implements InvocationHandler {

	private final Statement target;

	private final Consumer<String> refuseWrite;

	private ReadOnlyStatement(Statement target, Consumer<String> refuseWrite) {
		this.target = target;
		this.refuseWrite = refuseWrite;
	}

	static Statement create(Statement target, Consumer<String> refuseWrite) {
		return (Statement) Proxy.newProxyInstance(ReadOnlyStatement.class.getClassLoader(),
				new Class<?>[] { Statement.class }, new ReadOnlyStatement(target, refuseWrite));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		if (args != null && args.length > 0 && args[0] instanceof String sql && method.getName().startsWith("execute")
				|| (args != null && args.length > 0 && method.getName().equals("addBatch"))) {
			this.refuseWrite.accept((String) args[0]);
		}
		switch (method.getName()) {
			case "unwrap":
				if (((Class<?>) args[0]).isInstance(proxy)) {
					return proxy;
				}
				break;
			case "isWrapperFor":
				if (((Class<?>) args[0]).isInstance(proxy)) {
					return true;
				}
				break;
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
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
