package io.github.replicarouting.benchmarks;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The work every contender does, the way a Spring application does it: a
 * {@link TransactionTemplate} over a {@link JdbcTransactionManager} (what Spring Boot
 * auto-configures) and a {@link JdbcTemplate} running one small statement, then commit and the
 * connection back to its pool.
 */
final class TransactionalWork implements AutoCloseable {

	static final String READ = "select name from item where id = ?";

	static final String WRITE = "update item set hits = hits + 1 where id = ?";

	private final String whoAmI;

	private final TransactionTemplate readOnly;

	private final TransactionTemplate readWrite;

	private final JdbcTemplate reads;

	private final JdbcTemplate writes;

	private final ReadScope readScope;

	private final List<AutoCloseable> resources;

	private Contender.@Nullable AwaitedWrite writeCall;

	/**
	 * @param database the database, for its "who am I" query
	 * @param readDataSource where read-only transactions take their connection
	 * @param writeDataSource where read-write transactions take theirs (the same data source
	 * for every router; two plain pools for the baseline)
	 * @param readScope what a peer needs around a read-only transaction to route it
	 * @param resources closed, in order, by {@link #close()}
	 */
	TransactionalWork(Database database, DataSource readDataSource, DataSource writeDataSource, ReadScope readScope,
			AutoCloseable... resources) {
		this.whoAmI = database.whoAmI();
		PlatformTransactionManager readTransactions = new JdbcTransactionManager(readDataSource);
		this.readOnly = new TransactionTemplate(readTransactions);
		this.readOnly.setReadOnly(true);
		this.readWrite = new TransactionTemplate((readDataSource == writeDataSource) ? readTransactions
				: new JdbcTransactionManager(writeDataSource));
		this.reads = new JdbcTemplate(readDataSource);
		this.writes = new JdbcTemplate(writeDataSource);
		this.readScope = readScope;
		this.resources = new ArrayList<>(List.of(resources));
	}

	/**
	 * A read-only transaction: one query by primary key.
	 * @param id the row
	 * @return its name
	 */
	@Nullable String readOnlyTransaction(int id) {
		this.readScope.enter();
		try {
			return this.readOnly.execute((status) -> this.reads.queryForObject(READ, String.class, id));
		}
		finally {
			this.readScope.exit();
		}
	}

	/**
	 * A read-write transaction: one update by primary key.
	 * @param id the row
	 * @return the rows updated, 1
	 */
	int readWriteTransaction(int id) {
		Contender.AwaitedWrite call = this.writeCall;
		return (call != null) ? call.write(() -> write(id)) : write(id);
	}

	private int write(int id) {
		Integer updated = this.readWrite.execute((status) -> this.writes.update(WRITE, id));
		return (updated != null) ? updated : 0;
	}

	/**
	 * Run each read-write transaction through {@code call}: an annotated method, say.
	 * @return this work
	 */
	TransactionalWork writingThrough(Contender.AwaitedWrite call) {
		this.writeCall = call;
		return this;
	}

	/**
	 * Where a read-only transaction runs.
	 * @return {@code primary} or {@code replica}
	 */
	@Nullable String readOnlyServedBy() {
		this.readScope.enter();
		try {
			return this.readOnly.execute((status) -> this.reads.queryForObject(this.whoAmI, String.class));
		}
		finally {
			this.readScope.exit();
		}
	}

	/**
	 * Where a read inside a read-write transaction runs, after that transaction's write.
	 * @return {@code primary} or {@code replica}
	 */
	@Nullable String readInReadWriteServedBy() {
		return this.readWrite.execute((status) -> {
			this.writes.update(WRITE, 1);
			return this.writes.queryForObject(this.whoAmI, String.class);
		});
	}

	@Override
	public void close() throws Exception {
		Exception failure = null;
		for (AutoCloseable resource : this.resources) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * What a peer that routes by an explicit hint (rather than by the transaction's read-only
	 * flag) needs around a read-only transaction: the programmatic form of its annotation.
	 */
	interface ReadScope {

		ReadScope NONE = new ReadScope() {

			@Override
			public void enter() {
			}

			@Override
			public void exit() {
			}

		};

		void enter();

		void exit();

	}

}
