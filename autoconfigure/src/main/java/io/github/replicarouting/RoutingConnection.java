package io.github.replicarouting;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.concurrent.Executor;

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
final class RoutingConnection extends DelegatingConnection implements ConnectionProxy {

	private final ReplicaRoutingDataSource dataSource;

	private final Router router;

	private @Nullable Boolean autoCommit;

	private boolean readOnly;

	private @Nullable Integer isolation;

	private @Nullable RoutingContext beganIn;

	/** The routing context the current target was chosen in. */
	private @Nullable RoutingContext routedIn;

	/** Whether the current target was chosen for a transaction, rather than for work outside one. */
	private boolean routedForTransaction;

	private @Nullable Connection target;

	private @Nullable RoutingTarget routedTo;

	private @Nullable Route route;

	private boolean pendingWrite;

	private boolean closed;

	RoutingConnection(ReplicaRoutingDataSource dataSource, Router router) {
		this.dataSource = dataSource;
		this.router = router;
	}

	@Override
	public Connection getTargetConnection() {
		try {
			return target();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not route the connection", ex);
		}
	}

	/** The connection defaults of the data source this connection came from. */
	ConnectionDefaults defaults() throws SQLException {
		return this.dataSource.defaults();
	}

	@Override
	Connection target() throws SQLException {
		releaseIfRoutedForOtherWork();
		return (this.target != null) ? this.target : route(null);
	}

	@Override
	Connection targetFor(String sql) throws SQLException {
		releaseIfRoutedForOtherWork();
		Connection connection = (this.target != null) ? this.target : route(sql);
		checkStatement(sql);
		return connection;
	}

	/**
	 * A target chosen for work outside a transaction serves that work only: on a connection held
	 * across a web request (an ORM session kept open in view), a repository read on a replica
	 * must not decide where later work goes, nor later work where the read goes. Work in another
	 * routing context, or a transaction that began without switching auto-commit off, is routed
	 * afresh.
	 */
	private void releaseIfRoutedForOtherWork() throws SQLException {
		if (this.target != null && !this.routedForTransaction && (this.routedIn != RoutingContext.current()
				|| TransactionSynchronizationManager.isActualTransactionActive())) {
			releaseTarget();
		}
	}

	/**
	 * Where statements are checked (a read-only route, or auto-commit work), plain statements are
	 * checked too.
	 */
	@Override
	Statement checked(Statement statement) {
		return (this.route.readOnly() || !Boolean.FALSE.equals(this.autoCommit))
				? CheckedStatement.create(statement, this::checkStatement) : statement;
	}

	private Connection route(@Nullable String firstSql) throws SQLException {
		if (this.closed) {
			throw new SQLException("Connection handle already closed");
		}
		boolean transactional = Boolean.FALSE.equals(this.autoCommit)
				|| TransactionSynchronizationManager.isActualTransactionActive();
		boolean readOnlyTransaction = this.readOnly || (TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isCurrentTransactionReadOnly());
		RoutingContext context = (this.beganIn != null) ? this.beganIn : RoutingContext.current();
		Router.Decision decision = this.router.decide(context, transactional, readOnlyTransaction, firstSql);
		Route decided = decision.route();
		this.route = decided;
		this.routedIn = context;
		this.routedForTransaction = transactional;
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

	/**
	 * Set what the application asked for on the physical connection. A read-only route is made
	 * read-only at the server too, unless the target's pool opens its connections so.
	 */
	private void applySettings(Connection connection, Route decided) throws SQLException {
		RoutingTarget servedBy = this.routedTo;
		boolean makeReadOnly = (this.readOnly || decided.readOnly())
				&& (servedBy == null || !servedBy.readOnlySessions());
		if (makeReadOnly) {
			connection.setReadOnly(true);
		}
		if (this.isolation != null) {
			connection.setTransactionIsolation(this.isolation);
		}
		if (this.autoCommit != null && this.autoCommit != connection.getAutoCommit()) {
			connection.setAutoCommit(this.autoCommit);
		}
		if (makeReadOnly && servedBy != null) {
			servedBy.serverReadOnly(connection).apply(connection, !servedBy.isPrimary());
		}
	}

	void routedTo(RoutingTarget target) {
		this.routedTo = target;
	}

	@Override
	public void setAutoCommit(boolean value) throws SQLException {
		boolean endsTransaction = value && Boolean.FALSE.equals(this.autoCommit);
		if (!value && this.target != null && !this.routedForTransaction) {
			// A transaction begins on a connection held since work outside one: that work's route
			// does not decide the transaction's.
			releaseTarget();
		}
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

	@Override
	public boolean getAutoCommit() throws SQLException {
		if (this.target != null) {
			return this.target.getAutoCommit();
		}
		return (this.autoCommit != null) ? this.autoCommit : this.dataSource.defaults().autoCommit();
	}

	@Override
	public void setReadOnly(boolean readOnly) throws SQLException {
		this.readOnly = readOnly;
		// A read-only route was made read-only when it was taken, and stays so to its end.
		if (this.target != null && !this.route.readOnly()) {
			this.target.setReadOnly(readOnly);
		}
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		return (this.target != null) ? this.target.isReadOnly() : this.readOnly;
	}

	@Override
	public void setTransactionIsolation(int level) throws SQLException {
		this.isolation = level;
		if (this.target != null) {
			this.target.setTransactionIsolation(level);
		}
	}

	@Override
	public int getTransactionIsolation() throws SQLException {
		if (this.target != null) {
			return this.target.getTransactionIsolation();
		}
		return (this.isolation != null) ? this.isolation : this.dataSource.defaults().isolation();
	}

	@Override
	public void commit() throws SQLException {
		if (this.target == null) {
			// Nothing has run yet: there is nothing to commit.
			return;
		}
		this.target.commit();
		if (!this.route.readOnly() && !this.readOnly) {
			this.pendingWrite = false;
			// Before the connection goes back to its pool: the position is the primary's now.
			this.router.afterWrite(this.target);
		}
	}

	@Override
	public void rollback() throws SQLException {
		if (this.target != null) {
			this.target.rollback();
		}
	}

	@Override
	public @Nullable SQLWarning getWarnings() throws SQLException {
		return (this.target != null) ? this.target.getWarnings() : null;
	}

	@Override
	public void clearWarnings() throws SQLException {
		if (this.target != null) {
			this.target.clearWarnings();
		}
	}

	@Override
	public DatabaseMetaData getMetaData() throws SQLException {
		return (this.target != null) ? this.target.getMetaData()
				: RoutingMetaData.create(this);
	}

	/**
	 * Before the first statement, answered from what the primary's probe found rather than by
	 * taking a connection from its pool, so that a health check (Spring Boot's {@code db}
	 * indicator) never waits on a saturated pool; without health checks, and once routed, the
	 * physical connection answers.
	 */
	@Override
	public boolean isValid(int timeout) throws SQLException {
		if (this.closed) {
			return false;
		}
		ReplicaAvailability primary = this.router.primary().availability();
		if (this.target == null && primary != ReplicaAvailability.ALWAYS) {
			return primary.isCandidate();
		}
		return target().isValid(timeout);
	}

	@Override
	public boolean isClosed() throws SQLException {
		return this.closed || (this.target != null && this.target.isClosed());
	}

	@Override
	public void close() throws SQLException {
		if (this.closed) {
			return;
		}
		this.closed = true;
		releaseTarget();
	}

	@Override
	public void abort(Executor executor) throws SQLException {
		this.closed = true;
		Connection connection = this.target;
		if (connection != null) {
			connection.abort(executor);
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T unwrap(Class<T> type) throws SQLException {
		return type.isInstance(this) ? (T) this : target().unwrap(type);
	}

	@Override
	public boolean isWrapperFor(Class<?> type) throws SQLException {
		return type.isInstance(this) || target().isWrapperFor(type);
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
		this.routedIn = null;
		this.routedForTransaction = false;
		if (connection != null) {
			release(connection);
		}
	}

	private void release(Connection connection) throws SQLException {
		RoutingTarget servedBy = this.routedTo;
		this.routedTo = null;
		if (servedBy != null) {
			servedBy.release(connection);
		}
		else {
			connection.close();
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
		else if (!Boolean.FALSE.equals(this.autoCommit) && SqlStatements.mayWrite(sql)) {
			this.pendingWrite = true;
		}
	}

	private void refuseWrite(String sql) {
		if (SqlStatements.isWrite(sql)) {
			String target = (this.routedTo != null) ? this.routedTo.name() : "unknown";
			String method = TransactionSynchronizationManager.getCurrentTransactionName();
			RoutingContext declared = (this.routedIn != null) ? this.routedIn : RoutingContext.current();
			if (method == null && declared.repositoryRead() && declared.method() != null) {
				throw ReadOnlyRouteViolationException.repositoryRead(declared.method(), target, sql);
			}
			if (method == null) {
				method = (declared.method() != null) ? declared.method() : RoutingContext.current().method();
			}
			throw new ReadOnlyRouteViolationException((method != null) ? method : "(unknown method)", target, sql);
		}
	}

	@Override
	public String toString() {
		return "Replica routing connection [" + ((this.routedTo != null) ? this.routedTo.name() : "not routed yet")
				+ "]";
	}

}
