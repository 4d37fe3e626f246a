package io.github.replicarouting;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A plain {@link Statement} created before the route is known, where the route is chosen from
 * the first statement's SQL ({@code non-transactional-reads: replica}): the physical statement is
 * created on the route that its first SQL chooses, with the settings given before
 * ({@code setFetchSize}, {@code setQueryTimeout}...) applied to it. Without this, a plain statement
 * ({@code JdbcTemplate.queryForObject(sql, type)}, with no arguments) would be routed with no SQL
 * to look at, to the primary.
 */
final class DeferredStatement implements InvocationHandler {

	private final Connection logical;

	private final Routing routing;

	private final List<Setting> settings = new ArrayList<>(2);

	private @Nullable Statement target;

	private boolean closed;

	private DeferredStatement(Connection logical, Routing routing) {
		this.logical = logical;
		this.routing = routing;
	}

	static Statement create(Connection logical, Routing routing) {
		return (Statement) Proxy.newProxyInstance(DeferredStatement.class.getClassLoader(),
				new Class<?>[] { Statement.class }, new DeferredStatement(logical, routing));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		String name = method.getName();
		Object first = (args != null && args.length > 0) ? args[0] : null;
		Object own = CheckedStatement.ownAnswer(proxy, name, first);
		if (own != null) {
			return own;
		}
		Statement statement = this.target;
		if (statement == null) {
			if (!needsStatement(name)) {
				return beforeStatement(name, method, args);
			}
			statement = createFor(CheckedStatement.sql(name, first));
		}
		return CheckedStatement.call(statement, method, args);
	}

	/** Whether the call needs the physical statement, or can wait for the first SQL. */
	private static boolean needsStatement(String name) {
		return !(name.startsWith("set") || name.equals("closeOnCompletion") || name.equals("close")
				|| name.equals("isClosed") || name.equals("getConnection") || name.equals("getWarnings")
				|| name.equals("clearWarnings") || name.equals("cancel") || name.equals("toString"));
	}

	private @Nullable Object beforeStatement(String name, Method method, Object @Nullable [] args) throws SQLException {
		if (name.equals("toString")) {
			// Logging a statement must not route it.
			return "Statement not routed yet" + (this.closed ? " (closed)" : "");
		}
		if (this.closed && !name.equals("close") && !name.equals("isClosed")) {
			throw new SQLException("Statement is closed");
		}
		switch (name) {
			case "close":
				this.closed = true;
				return null;
			case "isClosed":
				return this.closed;
			case "getConnection":
				return this.logical;
			case "getWarnings":
			case "clearWarnings":
			case "cancel":
				// Nothing ran: no warnings, nothing to cancel.
				return null;
			default:
				this.settings.add(new Setting(method, args));
				return null;
		}
	}

	private Statement createFor(@Nullable String sql) throws Throwable {
		if (this.closed) {
			throw new SQLException("Statement is closed");
		}
		Statement statement = this.routing.statementFor(sql);
		try {
			for (Setting setting : this.settings) {
				CheckedStatement.call(statement, setting.method(), setting.args());
			}
		}
		catch (Throwable ex) {
			statement.close();
			throw ex;
		}
		this.target = statement;
		return statement;
	}

	/**
	 * Creates the physical statement on the route a statement's SQL chooses.
	 */
	@FunctionalInterface
	interface Routing {

		/**
		 * The physical statement, checked as its route requires.
		 * @param sql the first SQL it runs, or {@code null} when it is needed before any
		 * @return the statement
		 * @throws SQLException when no route could be taken
		 */
		Statement statementFor(@Nullable String sql) throws SQLException;

	}

	private record Setting(Method method, Object @Nullable [] args) {

	}

}
