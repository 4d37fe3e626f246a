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
		String sql = sql(name, first);
		if (sql != null) {
			this.check.accept(sql);
		}
		Object own = ownAnswer(proxy, name, first);
		if (own != null) {
			return own;
		}
		return call(this.target, method, args);
	}

	/**
	 * The SQL a statement method runs, or {@code null} for a method that runs none.
	 */
	static @Nullable String sql(String method, @Nullable Object first) {
		return (first instanceof String sql && (method.startsWith("execute") || method.equals("addBatch"))) ? sql
				: null;
	}

	/**
	 * What a statement proxy answers itself ({@code equals}, {@code hashCode}, {@code unwrap} and
	 * {@code isWrapperFor} to its own type), or {@code null} for what the statement answers.
	 */
	static @Nullable Object ownAnswer(Object proxy, String method, @Nullable Object first) {
		return switch (method) {
			case "equals" -> proxy == first;
			case "hashCode" -> System.identityHashCode(proxy);
			case "unwrap" -> (first instanceof Class<?> type && type.isInstance(proxy)) ? proxy : null;
			case "isWrapperFor" -> (first instanceof Class<?> type && type.isInstance(proxy)) ? Boolean.TRUE : null;
			default -> null;
		};
	}

	/** Calls {@code method} on the statement, throwing what it throws. */
	static @Nullable Object call(Statement statement, Method method, Object @Nullable [] args) throws Throwable {
		try {
			return method.invoke(statement, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
