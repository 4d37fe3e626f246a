package io.github.replicarouting.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each contender actually sends the benchmark's transactions on the PostgreSQL pair, asked
 * of the server itself ({@code pg_is_in_recovery()}), for the report: a read-only transaction, and
 * a read that follows a write inside a read-write transaction.
 *
 * @param contender the contender
 * @param readOnly where a read-only transaction ran, or the error
 * @param readAfterWrite where a read after a write in a read-write transaction ran, or the error
 */
record RoutingCheck(String contender, String readOnly, String readAfterWrite) {

	/**
	 * Check every contender.
	 * @param keepPostgres whether to leave the PostgreSQL pair running for benchmarks in this
	 * JVM (in-process runs), rather than free its memory and cores for the forked ones
	 * @return the checks
	 */
	static List<RoutingCheck> all(boolean keepPostgres) {
		List<RoutingCheck> checks = new ArrayList<>();
		for (Contender contender : Contender.values()) {
			checks.add(check(contender));
		}
		if (!keepPostgres) {
			PostgresCluster.stop();
		}
		return checks;
	}

	private static RoutingCheck check(Contender contender) {
		TransactionalWork work = null;
		try {
			work = Trial.open(Database.POSTGRESQL.id(), contender.id());
			return new RoutingCheck(contender.id(), attempt(work::readOnlyServedBy),
					attempt(work::readInReadWriteServedBy));
		}
		catch (RuntimeException ex) {
			return new RoutingCheck(contender.id(), "failed: " + ex, "failed: " + ex);
		}
		finally {
			try {
				Trial.close(work);
			}
			catch (Exception ex) {
				// Only the check's own setup: the benchmarks set up again.
			}
		}
	}

	private static String attempt(java.util.function.Supplier<String> servedBy) {
		try {
			return servedBy.get();
		}
		catch (RuntimeException ex) {
			return "failed: " + ex.getMessage();
		}
	}

}
