package io.github.replicarouting.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * One contender's work on one database for the length of a JMH trial, checked before it is
 * measured: a read-only transaction must reach the replica and a write must succeed (which it
 * only can on the primary), or the numbers would compare different work.
 */
final class Trial {

	/**
	 * Whether a setup outlives its trial and serves the next one of the same contender on the
	 * same database: for in-process runs (the smoke test), where setting up ShardingSphere or a
	 * Spring Boot context for every benchmark would take longer than running them all.
	 */
	static final String REUSE_PROPERTY = "benchmarks.reuse-setups";

	private static final Map<String, TransactionalWork> reused = new LinkedHashMap<>();

	private Trial() {
	}

	/**
	 * The work for one trial: set up, or the one set up earlier when setups are reused.
	 * @param database the database id
	 * @param contender the contender id
	 * @return the work, checked
	 */
	static synchronized TransactionalWork open(String database, String contender) {
		if (!Boolean.getBoolean(REUSE_PROPERTY)) {
			return setUp(database, contender);
		}
		return reused.computeIfAbsent(database + "/" + contender, (key) -> setUp(database, contender));
	}

	/**
	 * Close every setup kept for reuse.
	 */
	static synchronized void closeReused() throws Exception {
		try {
			for (TransactionalWork work : reused.values()) {
				work.close();
			}
		}
		finally {
			reused.clear();
		}
	}

	private static TransactionalWork setUp(String database, String contender) {
		long started = System.nanoTime();
		Database db = Database.of(database);
		TransactionalWork work = Contender.of(contender).open(db.endpoints());
		try {
			String servedBy = work.readOnlyServedBy();
			if (!"replica".equals(servedBy)) {
				throw new IllegalStateException(contender + " ran a read-only transaction on the " + servedBy
						+ ", not on the replica: the benchmark would not measure read/write splitting");
			}
			work.readWriteTransaction(1);
			System.out.printf("%n# %s on %s: set up and checked in %d ms%n", contender, database,
					(System.nanoTime() - started) / 1_000_000);
		}
		catch (RuntimeException ex) {
			closeQuietly(work, ex);
			throw ex;
		}
		return work;
	}

	static int nextId() {
		return ThreadLocalRandom.current().nextInt(1, Database.ROWS + 1);
	}

	static void close(@Nullable TransactionalWork work) throws Exception {
		if (work != null && !Boolean.getBoolean(REUSE_PROPERTY)) {
			work.close();
		}
	}

	private static void closeQuietly(TransactionalWork work, RuntimeException failure) {
		try {
			work.close();
		}
		catch (Exception ex) {
			failure.addSuppressed(ex);
		}
	}

}
