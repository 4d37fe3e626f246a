package io.github.replicarouting;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.ConnectionProxy;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The logical connection an application gets: it records what the transaction manager sets
 * (auto-commit, read-only, isolation) and asks the {@link Router} for a route only when the
 * first statement needs a physical connection, when the transaction's read-only flag is known.
 * A connection held across transactions gets a fresh route for each
 * ({@link TransactionBoundaries}).
 */
final class RoutingConnection extends DelegatingConnection implements ConnectionProxy {

	private static final Log logger = LogFactory.getLog(RoutingConnection.class);

	private final Router router;

	private final TransactionBoundaries boundaries = new TransactionBoundaries(this);

	private @Nullable Boolean autoCommit;

	private boolean readOnly;

	private @Nullable Integer isolation;

	/** What routing chose for the current work: target, physical connection and why. */
	private @Nullable Routed routed;

	private boolean pendingWrite;

	/** The current work as its listeners saw it, if anything listens: told when the work ends. */
	private @Nullable RoutedWork work;

	/**
	 * Whether the statements of the current route are watched for writes: a read-write
	 * transaction, when something listens, so that one that never writes is known.
	 */
	private boolean watchingWrites;

	/** Whether the current work ran a statement that needs the primary, as far as is known. */
	private boolean wrote;

	/** Whether the current route is a read inside {@code @ReadYourWrites}, whose position is recorded. */
	private boolean readYourWritesRead;

	private boolean closed;

	RoutingConnection(Router router) {
		this.router = router;
	}

	@Override
	public Connection getTargetConnection() {
		try {
			return handedOut();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not route the connection", ex);
		}
	}

	/** The connection defaults of the data source this connection came from. */
	ConnectionDefaults defaults() throws SQLException {
		return this.router.defaults().get();
	}

	@Override
	Connection target() throws SQLException {
		return currentRoute(null).connection();
	}

	/** What runs on a physical connection handed out is unknown: it counts as a write. */
	@Override
	Connection handedOut() throws SQLException {
		Connection connection = target();
		this.wrote = true;
		return connection;
	}

	@Override
	@Nullable Connection routedConnection() {
		Routed current = this.routed;
		return (current != null) ? current.connection() : null;
	}

	@Override
	Connection targetFor(String sql) throws SQLException {
		Connection connection = currentRoute(sql).connection();
		checkStatement(sql);
		return connection;
	}

	/** The route of the work that runs now: the one held, unless it serves other work, else a new one. */
	private Routed currentRoute(@Nullable String firstSql) throws SQLException {
		Routed current = this.routed;
		if (current != null && this.boundaries.routedForOtherWork()) {
			releaseRoute();
			current = null;
		}
		return (current != null) ? current : route(firstSql);
	}

	@Override
	Statement plainStatement(StatementFactory create) throws SQLException {
		if (routesBySql()) {
			return DeferredStatement.create(this, (sql) -> checked(create.create(currentRoute(sql).connection())));
		}
		return checked(create.create(target()));
	}

	/**
	 * Whether the route is still open and its first SQL would choose it: work outside a
	 * transaction, with no route held for it, where {@code non-transactional-reads: replica}
	 * applies.
	 */
	private boolean routesBySql() {
		if (this.routed != null && !this.boundaries.routedForOtherWork()) {
			return false;
		}
		boolean transactional = Boolean.FALSE.equals(this.autoCommit)
				|| TransactionSynchronizationManager.isActualTransactionActive();
		return !transactional && this.router.routesBySql(this.boundaries.context());
	}

	/**
	 * Where statements are checked (a read-only route, or auto-commit work), plain statements are
	 * checked too.
	 */
	private Statement checked(Statement statement) {
		Routed current = this.routed;
		return ((current != null && current.readOnly()) || this.watchingWrites || !Boolean.FALSE.equals(this.autoCommit))
				? CheckedStatement.create(statement, this::checkStatement) : statement;
	}

	private Routed route(@Nullable String firstSql) throws SQLException {
		if (this.closed) {
			throw new SQLException("Connection handle already closed");
		}
		boolean springTransaction = TransactionSynchronizationManager.isActualTransactionActive();
		boolean transactional = Boolean.FALSE.equals(this.autoCommit) || springTransaction;
		boolean readOnlyTransaction = this.readOnly || (TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isCurrentTransactionReadOnly());
		RoutingContext context = this.boundaries.context();
		Object observation = this.router.listeners().begin();
		Routed chosen;
		try {
			chosen = this.router.route(context, transactional, readOnlyTransaction, firstSql);
			prepare(chosen);
		}
		catch (SQLException | RuntimeException ex) {
			this.router.listeners().failed(observation, ex);
			throw ex;
		}
		this.routed = chosen;
		this.readYourWritesRead = context.readYourWrites() && chosen.readOnly();
		this.boundaries.routed(chosen, context, transactional, springTransaction);
		// Last, once this connection holds the physical one: nothing a listener does can lose it.
		this.work = this.router.listeners().routed(chosen, observation);
		this.watchingWrites = this.work != null && chosen.reason() == RoutingReason.READ_WRITE;
		return chosen;
	}

	private void prepare(Routed chosen) throws SQLException {
		try {
			chosen.target()
				.prepare(chosen.connection(), this.readOnly || chosen.readOnly(), this.isolation,
						this.router.defaults().autoCommit(this.autoCommit));
		}
		catch (SQLException | RuntimeException ex) {
			chosen.release();
			throw ex;
		}
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
			this.boundaries.autoCommitOn();
		}
		this.autoCommit = value;
		Routed current = this.routed;
		if (current != null) {
			current.connection().setAutoCommit(value);
			if (endsTransaction) {
				releaseRoute();
			}
		}
		else if (endsTransaction) {
			this.boundaries.endedUnrouted();
		}
	}

	/**
	 * Auto-commit goes off: unless a transaction is already running, one begins now, routed on
	 * what the code asks for at this point. A route taken before served work outside any
	 * transaction and goes back.
	 */
	private void beginTransaction() throws SQLException {
		if (this.routed != null && this.boundaries.transactionBound()) {
			return;
		}
		if (this.routed != null) {
			releaseRoute();
		}
		this.boundaries.began();
	}

	@Override
	public boolean getAutoCommit() throws SQLException {
		Routed current = this.routed;
		if (current != null) {
			return current.connection().getAutoCommit();
		}
		return (this.autoCommit != null) ? this.autoCommit : defaults().autoCommit();
	}

	@Override
	public void setReadOnly(boolean readOnly) throws SQLException {
		this.readOnly = readOnly;
		Routed current = this.routed;
		// A read-only route was made read-only when it was taken, and stays so to its end.
		if (current != null && !current.readOnly()) {
			current.connection().setReadOnly(readOnly);
		}
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		Routed current = this.routed;
		return (current != null) ? current.connection().isReadOnly() : this.readOnly;
	}

	@Override
	public void setTransactionIsolation(int level) throws SQLException {
		this.isolation = level;
		Routed current = this.routed;
		if (current != null) {
			current.connection().setTransactionIsolation(level);
		}
	}

	@Override
	public int getTransactionIsolation() throws SQLException {
		Routed current = this.routed;
		if (current != null) {
			return current.connection().getTransactionIsolation();
		}
		return (this.isolation != null) ? this.isolation : defaults().isolation();
	}

	@Override
	public void commit() throws SQLException {
		Routed current = this.routed;
		if (current == null) {
			// Nothing has run yet: there is nothing to commit.
			return;
		}
		boolean write = !current.readOnly() && !this.readOnly;
		TargetHealth health = current.target().health();
		// Nothing unless failovers count lost writes exactly: then a write's own identity.
		long beforeCommit = write ? health.beforeCommit(current.connection()) : -1;
		current.connection().commit();
		if (write) {
			health.writeAcknowledged(current.connection(), beforeCommit);
			this.pendingWrite = false;
			// Before the connection goes back to its pool: the position is the primary's now.
			this.router.recorder().afterWrite(current.target());
		}
	}

	@Override
	public DatabaseMetaData getMetaData() throws SQLException {
		Routed current = this.routed;
		return (current != null) ? current.connection().getMetaData() : RoutingMetaData.create(this);
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
		TargetHealth primary = this.router.writer().health();
		if (this.routed == null && primary.isMonitored()) {
			return primary.isCandidate();
		}
		return target().isValid(timeout);
	}

	@Override
	public boolean isClosed() throws SQLException {
		Routed current = this.routed;
		return this.closed || (current != null && current.connection().isClosed());
	}

	@Override
	public void close() throws SQLException {
		if (this.closed) {
			return;
		}
		this.closed = true;
		releaseRoute();
	}

	/**
	 * Aborts the physical connection, then gives it back to its pool, which only then frees its
	 * slot (HikariCP evicts an aborted connection when it is closed).
	 */
	@Override
	public void abort(Executor executor) throws SQLException {
		this.closed = true;
		Routed current = this.routed;
		if (current == null) {
			return;
		}
		try {
			current.connection().abort(executor);
		}
		finally {
			try {
				releaseRoute();
			}
			catch (SQLException ex) {
				// Closing an aborted connection often fails; the pool has it back either way.
				logger.debug("Closing an aborted connection failed: " + ex.getMessage());
			}
		}
	}

	/** Gives {@code route} back, if it is still the current one. */
	void release(Routed route) throws SQLException {
		if (this.routed == route) {
			releaseRoute();
		}
	}

	private void releaseRoute() throws SQLException {
		Routed current = this.routed;
		if (current != null && this.pendingWrite) {
			current.target().health().writeAcknowledged();
			this.pendingWrite = false;
			this.router.recorder().afterWrite(current.target());
		}
		if (current != null && this.readYourWritesRead) {
			this.readYourWritesRead = false;
			this.router.recorder().afterRead(current);
		}
		this.routed = null;
		this.boundaries.released();
		RoutedWork ended = this.work;
		this.work = null;
		this.watchingWrites = false;
		boolean endedWrote = this.wrote;
		this.wrote = false;
		try {
			if (current != null) {
				current.release();
			}
		}
		finally {
			if (ended != null) {
				this.router.listeners().completed(ended, endedWrote);
			}
		}
	}

	/**
	 * Refuse a write on a read-only route; on a write route outside a transaction, note the
	 * write so that the scope records it once the statement has run; in a read-write transaction
	 * that is watched, note that it wrote (a lock or a procedure counts: it needs the primary).
	 */
	private void checkStatement(String sql) {
		Routed current = this.routed;
		if (current != null && current.readOnly()) {
			if (SqlStatements.isWrite(sql)) {
				throw ReadOnlyRouteViolationException.of(this.boundaries.routedIn(), current.name(), sql);
			}
		}
		else {
			if (this.watchingWrites && !this.wrote && SqlStatements.needsPrimary(sql)) {
				this.wrote = true;
			}
			if (!Boolean.FALSE.equals(this.autoCommit) && SqlStatements.mayWrite(sql)) {
				this.pendingWrite = true;
			}
		}
	}

	@Override
	public String toString() {
		Routed current = this.routed;
		return "Replica routing connection [" + ((current != null) ? current.name() : "not routed yet") + "]";
	}

}
