package io.github.replicarouting;

import java.sql.SQLException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where the work a logical connection's route serves begins and ends, so that a holder of the
 * connection across transactions (an ORM session kept open for a web request) gets a fresh route
 * for each. A transaction begins when auto-commit goes off or a Spring transaction is active at
 * the first statement; it ends when auto-commit goes back on or the Spring transaction completes.
 * A route chosen for work outside any transaction serves that work only.
 */
final class TransactionBoundaries {

	private static final Log logger = LogFactory.getLog(TransactionBoundaries.class);

	private final RoutingConnection connection;

	/** The routing context in which auto-commit went off, if a transaction began that way. */
	private @Nullable RoutingContext beganIn;

	/** The routing context the current route was chosen in. */
	private @Nullable RoutingContext routedIn;

	/** Whether the current route was chosen for a transaction, rather than for work outside one. */
	private boolean routedForTransaction;

	/**
	 * Whether the current route serves a transaction whose end will be seen (auto-commit turned
	 * back on, or the Spring transaction's completion), and so stays until then; otherwise it goes
	 * back when other work begins.
	 */
	private boolean transactionBound;

	/**
	 * Whether the current transaction began by turning auto-commit off, so that turning it back
	 * on ends it (as {@code DataSourceTransactionManager} and Hibernate do).
	 */
	private boolean autoCommitRestoredAtEnd;

	TransactionBoundaries(RoutingConnection connection) {
		this.connection = connection;
	}

	/** The routing context a route chosen now serves. */
	RoutingContext context() {
		return (this.beganIn != null) ? this.beganIn : RoutingContext.current();
	}

	/** The routing context the current route was chosen in, if routed. */
	@Nullable RoutingContext routedIn() {
		return this.routedIn;
	}

	/**
	 * Whether the current route serves other work than what runs now: a route chosen for work
	 * outside a transaction serves that work only (a repository read or a lazy load on a replica
	 * must not decide where later work goes, nor later work where the read goes): work in another
	 * routing context is routed afresh, and so is a transaction that began without a word to the
	 * connection (Hibernate's {@code provider_disables_autocommit}). A route chosen for a
	 * transaction whose end cannot be seen goes back when a synchronized transaction begins.
	 */
	boolean routedForOtherWork() {
		if (this.transactionBound) {
			return false;
		}
		return this.routedForTransaction ? inSynchronizedTransaction()
				: (TransactionSynchronizationManager.isActualTransactionActive()
						|| this.routedIn != RoutingContext.current());
	}

	private static boolean inSynchronizedTransaction() {
		return TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive();
	}

	/** Whether the current route stays until the end of its transaction, which will be seen. */
	boolean transactionBound() {
		return this.transactionBound;
	}

	/** Auto-commit went off with no transaction running: one begins now, in the current context. */
	void began() {
		this.beganIn = RoutingContext.current();
		this.autoCommitRestoredAtEnd = true;
	}

	/** Auto-commit went back on. */
	void autoCommitOn() {
		this.autoCommitRestoredAtEnd = false;
	}

	/** A transaction that began by turning auto-commit off ended before anything was routed. */
	void endedUnrouted() {
		this.beganIn = null;
	}

	/**
	 * A route was chosen, in {@code context}.
	 * @param routed what was chosen
	 * @param context the routing context it was chosen in
	 * @param transactional whether it serves a transaction
	 * @param springTransaction whether that transaction is Spring's
	 */
	void routed(Routed routed, RoutingContext context, boolean transactional, boolean springTransaction) {
		this.routedIn = context;
		this.routedForTransaction = transactional;
		this.transactionBound = springTransaction ? watchTransactionEnd(routed) : this.autoCommitRestoredAtEnd;
	}

	/**
	 * Make sure the end of the Spring transaction gives the route back: by auto-commit turned back
	 * on when the transaction began by turning it off, else through Spring's transaction
	 * synchronization (a pool handing out connections with auto-commit off, Hibernate's
	 * {@code provider_disables_autocommit}).
	 * @return whether the end of the transaction will be seen
	 */
	private boolean watchTransactionEnd(Routed routed) {
		if (this.autoCommitRestoredAtEnd) {
			return true;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			// Its end cannot be seen (a transaction manager that never synchronizes, or the
			// completion callbacks of one that just ended): keep the route until the next
			// synchronized transaction begins.
			return false;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionEnd(routed));
		return true;
	}

	/** The route went back: the next one is chosen for whatever work comes. */
	void released() {
		this.beganIn = null;
		this.routedIn = null;
		this.routedForTransaction = false;
		this.transactionBound = false;
	}

	/**
	 * Gives the route back when the Spring transaction it serves completes, for transactions
	 * whose end auto-commit does not show. Registered per transaction: Spring drops it with the
	 * transaction's other synchronizations.
	 */
	private final class TransactionEnd implements TransactionSynchronization {

		private final Routed routed;

		TransactionEnd(Routed routed) {
			this.routed = routed;
		}

		@Override
		public void afterCompletion(int status) {
			try {
				TransactionBoundaries.this.connection.release(this.routed);
			}
			catch (SQLException ex) {
				logger.debug("Giving a connection back after its transaction failed: " + ex.getMessage());
			}
		}

	}

}
