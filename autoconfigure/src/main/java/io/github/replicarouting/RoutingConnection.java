package io.github.replicarouting;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.ConnectionProxy;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The logical connection an application gets: it records what the transaction manager sets
 * (auto-commit, read-only, isolation) and takes a physical connection only when the first
 * statement needs one, when the transaction's read-only flag is known. At the end of each
 * transaction (auto-commit restored) it gives the physical connection back, so that a holder of
 * the logical connection across transactions (an ORM session kept open for a web request) gets
 * a fresh route for the next one.
 */
final class RoutingConnection implements InvocationHandler {

	private final ReplicaRoutingDataSource dataSource;

	private final Router router;

	private @Nullable Boolean autoCommit;

	private boolean readOnly;

	private @Nullable Integer isolation;

	private @Nullable RoutingContext beganIn;

	private @Nullable Connection target;

	private @Nullable RoutingTarget routedTo;

	private @Nullable Route route;

	private boolean pendingWrite;

	private boolean closed;

	RoutingConnection(ReplicaRoutingDataSource dataSource, Router router) {
		this.dataSource = dataSource;
		this.router = router;
	}

	static Connection create(ReplicaRoutingDataSource dataSource, Router router) {
		return (Connection) Proxy.newProxyInstance(RoutingConnection.class.getClassLoader(),
				new Class<?>[] { ConnectionProxy.class }, new RoutingConnection(dataSource, router));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		Object own = JdbcProxies.invokeOnProxy(proxy, method, args);
		if (own != JdbcProxies.NOT_HANDLED) {
			return own;
		}
		switch (method.getName()) {
			case "toString":
				return "Replica routing connection ["
						+ ((this.routedTo != null) ? this.routedTo.name() : "not routed yet") + "]";
			case "getTargetConnection":
				return targetConnection(null);
			case "isClosed":
				return this.closed || (this.target != null && this.target.isClosed());
			case "close":
				close();
				return null;
			case "setAutoCommit":
				setAutoCommit((Boolean) args[0]);
				return null;
			case "setReadOnly":
				this.readOnly = (Boolean) args[0];
				break;
			case "setTransactionIsolation":
				this.isolation = (Integer) args[0];
				break;
			case "commit":
				if (this.target != null && this.route != null && !this.route.readOnly() && !this.readOnly) {
					this.target.commit();
					this.pendingWrite = false;
					// Before the connection goes back to its pool: the position is the primary's now.
					this.router.afterWrite(this.target);
					return null;
				}
				break;
			default:
		}
		if (this.target == null) {
			return invokeUnrouted(proxy, method, args);
		}
		if (args != null && args.length > 0 && args[0] instanceof String sql && isStatementFactory(method)) {
			checkStatement(sql);
		}
		return invokeChecked(this.target, method, args);
	}

	/**
	 * Invoke on the physical connection; where statements are checked (a read-only route, or
	 * auto-commit work), hand out plain statements that are checked too.
	 */
	private @Nullable Object invokeChecked(Connection connection, Method method, Object @Nullable [] args)
			throws Throwable {
		Object result = invokeOnTarget(connection, method, args);
		if (result instanceof Statement statement && method.getName().equals("createStatement")
				&& (this.route.readOnly() || !Boolean.FALSE.equals(this.autoCommit))) {
			return CheckedStatement.create(statement, this::checkStatement);
		}
		return result;
	}

	private @Nullable Object invokeUnrouted(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		switch (method.getName()) {
			case "getAutoCommit":
				return (this.autoCommit != null) ? this.autoCommit : this.dataSource.defaults().autoCommit();
			case "isReadOnly":
				return this.readOnly;
			case "getTransactionIsolation":
				return (this.isolation != null) ? this.isolation : this.dataSource.defaults().isolation();
			case "setReadOnly":
			case "setTransactionIsolation":
			case "clearWarnings":
			case "commit":
			case "rollback":
				if (args == null || args.length == 0 || !"rollback".equals(method.getName())) {
					// Nothing has run yet: there is nothing to commit, roll back or clear.
					return null;
				}
				break;
			case "getWarnings":
				return null;
			case "getMetaData":
				return RoutingMetaData.create(this.dataSource, (Connection) proxy, this::routedMetaDataTarget);
			default:
		}
		if (this.closed) {
			throw new SQLException("Connection handle already closed");
		}
		String sql = (args != null && args.length > 0 && args[0] instanceof String text && isStatementFactory(method))
				? text : null;
		Connection connection = targetConnection(sql);
		if (sql != null) {
			checkStatement(sql);
		}
		return invokeChecked(connection, method, args);
	}

	private Connection routedMetaDataTarget() throws SQLException {
		return targetConnection(null);
	}

	private Connection targetConnection(@Nullable String firstSql) throws SQLException {
		if (this.target != null) {
			return this.target;
		}
		boolean transactional = Boolean.FALSE.equals(this.autoCommit)
				|| TransactionSynchronizationManager.isActualTransactionActive();
		boolean readOnlyTransaction = this.readOnly || (TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isCurrentTransactionReadOnly());
		RoutingContext context = (this.beganIn != null) ? this.beganIn : RoutingContext.current();
		Router.Decision decision = this.router.decide(context, transactional, readOnlyTransaction, firstSql);
		Route decided = decision.route();
		this.route = decided;
		Connection connection = this.router.connect(decision, this);
		try {
			applySettings(connection, decided);
		}
		catch (SQLException | RuntimeException ex) {
			release(connection);
			throw ex;
		}
		this.target = connection;
		return connection;
	}

	private void applySettings(Connection connection, Route decided) throws SQLException {
		if (this.readOnly || decided.readOnly()) {
			connection.setReadOnly(true);
		}
		if (this.isolation != null) {
			connection.setTransactionIsolation(this.isolation);
		}
		if (this.autoCommit != null && this.autoCommit != connection.getAutoCommit()) {
			connection.setAutoCommit(this.autoCommit);
		}
	}

	void routedTo(RoutingTarget target) {
		this.routedTo = target;
	}

	private void setAutoCommit(boolean value) throws SQLException {
		boolean endsTransaction = value && Boolean.FALSE.equals(this.autoCommit);
		if (!value && this.target == null) {
			// The transaction starts now: its route follows what the code asked for at this point.
			this.beganIn = RoutingContext.current();
		}
		this.autoCommit = value;
		if (this.target != null) {
			this.target.setAutoCommit(value);
			if (endsTransaction) {
				releaseTarget();
			}
		}
		else if (endsTransaction) {
			this.beganIn = null;
		}
	}

	private void close() throws SQLException {
		if (this.closed) {
			return;
		}
		this.closed = true;
		releaseTarget();
	}

	private void releaseTarget() throws SQLException {
		Connection connection = this.target;
		if (connection != null && this.pendingWrite) {
			this.pendingWrite = false;
			this.router.afterWrite(connection);
		}
		this.target = null;
		this.route = null;
		this.beganIn = null;
		if (connection != null) {
			release(connection);
		}
	}

	private void release(Connection connection) throws SQLException {
		RoutingTarget servedBy = this.routedTo;
		this.routedTo = null;
		try {
			connection.close();
		}
		finally {
			if (servedBy != null) {
				servedBy.released();
			}
		}
	}

	/**
	 * Refuse a write on a read-only route; on a write route outside a transaction, note the
	 * write so that the scope records it once the statement has run.
	 */
	private void checkStatement(String sql) {
		if (this.route.readOnly()) {
			refuseWrite(sql);
		}
		else if (!Boolean.FALSE.equals(this.autoCommit) && SqlStatements.isWrite(sql)) {
			this.pendingWrite = true;
		}
	}

	private void refuseWrite(String sql) {
		if (SqlStatements.isWrite(sql)) {
			String method = TransactionSynchronizationManager.getCurrentTransactionName();
			if (method == null && this.beganIn != null) {
				method = this.beganIn.method();
			}
			if (method == null) {
				method = RoutingContext.current().method();
			}
			throw new ReadOnlyRouteViolationException((method != null) ? method : "(unknown method)",
					(this.routedTo != null) ? this.routedTo.name() : "unknown", sql);
		}
	}

	private static boolean isStatementFactory(Method method) {
		String name = method.getName();
		return name.equals("prepareStatement") || name.equals("prepareCall") || name.equals("nativeSQL");
	}

	private static @Nullable Object invokeOnTarget(Connection target, Method method, Object @Nullable [] args)
			throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
