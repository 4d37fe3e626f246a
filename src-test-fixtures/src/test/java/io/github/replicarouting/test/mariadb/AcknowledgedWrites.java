package io.github.replicarouting.test.mariadb;

import java.sql.SQLException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writers that each insert one id after another, each in a transaction of its own that also asks
 * the server which node ran it, and record every write the database acknowledged (its commit
 * returned) or how it failed. Paced by a scheduler, not by sleeping.
 */
final class AcknowledgedWrites implements AutoCloseable {

	private final ScheduledExecutorService threads;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong ids = new AtomicLong();

	private final Queue<Write> writes = new ConcurrentLinkedQueue<>();

	private AcknowledgedWrites(int threads, JdbcTemplate jdbc, TransactionTemplate transactions, VendorSql sql) {
		this.threads = Executors.newScheduledThreadPool(threads);
		for (int i = 0; i < threads; i++) {
			this.threads.scheduleWithFixedDelay(() -> writeOnce(jdbc, transactions, sql), 0, 5, TimeUnit.MILLISECONDS);
		}
	}

	static AcknowledgedWrites start(int threads, JdbcTemplate jdbc, TransactionTemplate transactions, VendorSql sql) {
		return new AcknowledgedWrites(threads, jdbc, transactions, sql);
	}

	private void writeOnce(JdbcTemplate jdbc, TransactionTemplate transactions, VendorSql sql) {
		if (!this.running.get()) {
			return;
		}
		long id = this.ids.incrementAndGet();
		long start = System.nanoTime();
		try {
			Integer port = transactions.execute((status) -> {
				jdbc.update("insert into acked_write (id) values (?)", id);
				return jdbc.queryForObject("select " + sql.serverPort(), Integer.class);
			});
			this.writes.add(new Write(id, start, System.nanoTime(), (port != null) ? port : -1, null));
		}
		catch (RuntimeException ex) {
			this.writes.add(new Write(id, start, System.nanoTime(), -1, ex));
		}
	}

	List<Write> writes() {
		return List.copyOf(this.writes);
	}

	@Override
	public void close() {
		this.running.set(false);
		this.threads.shutdown();
		try {
			this.threads.awaitTermination(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One write.
	 *
	 * @param id the id it inserted
	 * @param start when it started, in nanoseconds
	 * @param end when it returned or failed
	 * @param port the port of the server that ran it, as the server reports it; -1 when it failed
	 * @param failure why it failed, or {@code null} when the database acknowledged it
	 */
	record Write(long id, long start, long end, int port, Throwable failure) {

		boolean acknowledged() {
			return this.failure == null;
		}

		/**
		 * Whether a server refused it for being read-only: PostgreSQL's SQLState 25006, MariaDB's
		 * and MySQL's error 1290 ({@code --read-only}): a write that routing sent to a read-only
		 * node.
		 */
		boolean refusedAsReadOnly() {
			if (this.failure == null) {
				return false;
			}
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(this.failure);
			return cause instanceof SQLException sql && ("25006".equals(sql.getSQLState()) || sql.getErrorCode() == 1290);
		}

	}

}
