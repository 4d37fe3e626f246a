package io.github.replicarouting;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.ConnectionProxy;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The logical connection an application gets: it records what the transaction manager sets
 * (auto-commit, read-only, isolation) and takes a physical connection only when the first
 * statement needs one, when the transaction's read-only flag is known.
 *
 * <p>
 * A holder of the logical connection across transactions (an ORM session kept open for a web
 * request) gets a fresh route for each transaction: the physical connection goes back to its
 * pool when the transaction it serves ends (auto-commit turned back on, or the Spring
 * transaction completes), and one that served work outside any transaction goes back when a
 * transaction begins.
 */
final class RoutingConnection extends DelegatingConnection implements ConnectionProxy {

	private static final Log logger = LogFactory.getLog(RoutingConnection.class);

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

	private @Nullable RoutingReason reason;

	private @Nullable Route route;

	/**
	 * Whether the physical connection serves a transaction whose end will be seen (auto-commit
	 * turned back on, or the Spring transaction's completion), and so keeps its route until then;
	 * otherwise it goes back to its pool when other work begins.
	 */
	private boolean transactionBound;

	/**
	 * Whether the current transaction began by turning auto-commit off, so that turning it back
	 * on ends it (as {@code DataSourceTransactionManager} and Hibernate do).
	 */
	private boolean autoCommitRestoredAtEnd;

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
	 * across a web request (an ORM session kept open in view), a repository read or a lazy load on
	 * a replica must not decide where later work goes, nor later work where the read goes. Work in
	 * another routing context is routed afresh, and so is a transaction that began without a word
	 * to this connection (Hibernate's {@code provider_disables_autocommit}). A target chosen for a
	 * transaction whose end cannot be seen goes back when a synchronized transaction begins.
	 */
	private void releaseIfRoutedForOtherWork() throws SQLException {
		if (this.target == null || this.transactionBound) {
			return;
		}
		boolean otherWork = this.routedForTransaction ? inSynchronizedTransaction()
				: (TransactionSynchronizationManager.isActualTransactionActive()
						|| this.routedIn != RoutingContext.current());
		if (otherWork) {
			releaseTarget();
		}
	}

	private static boolean inSynchronizedTransaction() {
		return TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive();
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
		boolean springTransaction = TransactionSynchronizationManager.isActualTransactionActive();
		boolean transactional = Boolean.FALSE.equals(this.autoCommit) || springTransaction;
		boolean readOnlyTransaction = this.readOnly || (TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isCurrentTransactionReadOnly());
		RoutingContext context = (this.beganIn != null) ? this.beganIn : RoutingContext.current();
		Router.Decision decision = this.router.decide(context, transactional, readOnlyTransaction, firstSql);
		Route decided = decision.route();
		Connection connection = this.router.connect(decision, this);
		try {
			applySettings(connection, decided);
		}
		catch (SQLException | RuntimeException ex) {
			release(connection);
			throw ex;
		}
		this.route = decided;
		this.routedIn = context;
		this.routedForTransaction = transactional;
		this.target = connection;
		this.transactionBound = springTransaction ? watchTransactionEnd(connection) : this.autoCommitRestoredAtEnd;
		// Last, once this connection holds the physical one: nothing a listener does can lose it.
		this.router.tellListeners(this.routedTo, this.reason);
		return connection;
	}

	/**
	 * Make sure the end of the Spring transaction gives the physical connection back: by
	 * auto-commit turned back on when the transaction began by turning it off, else through
	 * Spring's transaction synchronization (a pool handing out connections with auto-commit off,
	 * Hibernate's {@code provider_disables_autocommit}).
	 * @return whether the end of the transaction will be seen
	 */
	private boolean watchTransactionEnd(Connection connection) {
		if (this.autoCommitRestoredAtEnd) {
			return true;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			// Its end cannot be seen (a transaction manager that never synchronizes, or the
			// completion callbacks of one that just ended): keep the route until the next
			// synchronized transaction begins.
			return false;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionEnd(connection));
		return true;
	}

	/**
	 * Set what the application asked for on the physical connection. A read-only route is made
	 * read-only at the server too, unless the target's pool opens its connections so.
	 * Auto-commit is what the application set, or else what this connection reports before it is
	 * routed, the routing data source's default, once known: a replica's pool may hand out
	 * connections with another, and a transaction manager that relies on the default never sets
	 * it. The default is not read here, so that a read on a replica never waits on the primary.
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
		Boolean autoCommit = this.autoCommit;
		if (autoCommit == null) {
			ConnectionDefaults defaults = this.dataSource.knownDefaults();
			autoCommit = (defaults != null) ? defaults.autoCommit() : null;
		}
		if (autoCommit != null && autoCommit != connection.getAutoCommit()) {
			connection.setAutoCommit(autoCommit);
		}
		if (makeReadOnly && servedBy != null) {
			servedBy.serverReadOnly(connection).apply(connection, !servedBy.isPrimary());
		}
	}

	void routedTo(RoutingTarget target, RoutingReason reason) {
		this.routedTo = target;
		this.reason = reason;
	}

	@Override
	public void setAutoCommit(boolean value) throws SQLException {
		// As JDBC says, a call that does not change auto-commit changes nothing, no transaction
		// boundary included.
		if (!value && getAutoCommit()) {
			beginTransaction();
		}
		boolean endsTransaction = value && Boolean.FALSE.equals(this.autoCommit);
		if (value) {
			this.autoCommitRestoredAtEnd = false;
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

	/**
	 * Auto-commit goes off: unless a transaction is already running, one begins now, routed on
	 * what the code asks for at this point. A physical connection taken before served work
	 * outside any transaction and goes back.
	 */
	private void beginTransaction() throws SQLException {
		if (this.target != null && this.transactionBound) {
			return;
		}
		if (this.target != null) {
			releaseTarget();
		}
		this.beganIn = RoutingContext.current();
		this.autoCommitRestoredAtEnd = true;
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

	/**
	 * Aborts the physical connection, then gives it back to its pool, which only then frees its
	 * slot (HikariCP evicts an aborted connection when it is closed).
	 */
	@Override
	public void abort(Executor executor) throws SQLException {
		this.closed = true;
		Connection connection = this.target;
		if (connection == null) {
			return;
		}
		try {
			connection.abort(executor);
		}
		finally {
			try {
				releaseTarget();
			}
			catch (SQLException ex) {
				// Closing an aborted connection often fails; the pool has it back either way.
				logger.debug("Closing an aborted connection failed: " + ex.getMessage());
			}
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
		this.transactionBound = false;
		if (connection != null) {
			release(connection);
		}
	}

	private void release(Connection connection) throws SQLException {
		RoutingTarget servedBy = this.routedTo;
		this.routedTo = null;
		this.reason = null;
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

	/**
	 * Gives the physical connection back when the Spring transaction it serves completes, for
	 * transactions whose end auto-commit does not show. Registered per transaction: Spring drops
	 * it with the transaction's other synchronizations.
	 */
	private final class TransactionEnd implements TransactionSynchronization {

		private final Connection servedBy;

		TransactionEnd(Connection servedBy) {
			this.servedBy = servedBy;
		}

		@Override
		public void afterCompletion(int status) {
			if (RoutingConnection.this.target != this.servedBy) {
				// Already given back (auto-commit turned back on, or the connection closed).
				return;
			}
			try {
				releaseTarget();
			}
			catch (SQLException ex) {
				logger.debug("Giving a connection back after its transaction failed: " + ex.getMessage());
			}
		}

	}

}
