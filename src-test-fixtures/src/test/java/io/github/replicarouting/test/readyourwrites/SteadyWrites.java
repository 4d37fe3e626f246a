package io.github.replicarouting.test.readyourwrites;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.replicarouting.test.ClusterNode;

/**
 * Writes on the primary every few milliseconds, on a connection of its own (outside the
 * application and its consistency scopes), so that the primary's log position keeps moving as
 * under real traffic: a replica that is behind is measurably behind, and a position read a
 * moment ago is already old.
 */
public final class SteadyWrites implements AutoCloseable {

	private final Connection connection;

	private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();

	private final AtomicLong writes = new AtomicLong();

	private SteadyWrites(ClusterNode primary, long everyMillis) throws SQLException {
		this.connection = DriverManager.getConnection(primary.jdbcUrl(), primary.username(), primary.password());
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("create table if not exists tick (id bigserial primary key, at timestamptz default now())");
		}
		this.writer.scheduleWithFixedDelay(this::writeOnce, 0, everyMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Start writing.
	 * @param primary the primary
	 * @param everyMillis the pause between writes
	 * @return the running writer, to close when done
	 */
	public static SteadyWrites start(ClusterNode primary, long everyMillis) {
		try {
			return new SteadyWrites(primary, everyMillis);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void writeOnce() {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("insert into tick default values");
			this.writes.incrementAndGet();
		}
		catch (SQLException ex) {
			// The next write tries again; a test that needs the writes checks writes().
		}
	}

	/** How many writes committed so far. */
	public long writes() {
		return this.writes.get();
	}

	@Override
	public void close() {
		this.writer.shutdownNow();
		try {
			this.writer.awaitTermination(5, TimeUnit.SECONDS);
			this.connection.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (SQLException ex) {
			// Closing anyway.
		}
	}

}
