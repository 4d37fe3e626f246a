package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The log position of one writer, sampled on demand and shared by every write that committed
 * before the sample started, for causal read-your-writes and {@code @AwaitReplication}. A commit
 * takes a {@link Ticket} (a counter, no I/O); whoever needs a write's position later (a read of
 * its scope, the token sent to its client, an {@code @AwaitReplication} call) asks for the first
 * sample that started after the ticket was taken. The write had committed before that sample
 * read the primary's position, so the position is at or past the write.
 *
 * <p>
 * At most one sample runs at a time, on the thread of the first that asked, and every caller
 * whose ticket it covers shares it: a burst of writes costs one round trip when their positions
 * are needed, and none when they are not. A caller whose ticket came after the running sample
 * started waits for it, then starts (or joins) the next one. A sample that fails answers -1
 * (unknown) to the callers it covers: their writes are then judged by time, as in window mode.
 */
final class PositionSampler {

	private static final Log logger = LogFactory.getLog(PositionSampler.class);

	private final String name;

	private final Source source;

	private final AtomicLong commits = new AtomicLong();

	private final AtomicLong samples = new AtomicLong();

	/** The latest sample that succeeded; guarded by {@code this}. */
	private Sample latest = new Sample(0, -1);

	/** The sample running, if any; guarded by {@code this}. */
	private @Nullable CompletableFuture<Sample> running;

	/**
	 * @param name the writer's name, for log lines
	 * @param source reads the writer's current position
	 */
	PositionSampler(String name, Source source) {
		this.name = name;
		this.source = source;
	}

	/**
	 * A sampler over {@code writer}'s pool: each sample takes one connection from it (through its
	 * health), reads the position and gives the connection back.
	 */
	static PositionSampler of(GuardedTarget writer, ReplicationPositions positions) {
		return new PositionSampler(writer.name(), () -> {
			Connection connection = writer.tryConnect();
			if (connection == null) {
				throw new SQLException(writer.name() + " is " + writer.health().describe());
			}
			try {
				return positions.currentPosition(connection);
			}
			finally {
				writer.releaseUnused(connection);
			}
		});
	}

	/**
	 * A write has just committed on the writer: its ticket, whose position is that of the first
	 * sample started from now on.
	 */
	Ticket committed() {
		return new Ticket(this, this.commits.incrementAndGet());
	}

	/** How many samples were started, for tests. */
	long samples() {
		return this.samples.get();
	}

	/**
	 * The position of a sample that started after {@code ticket} was taken: one already done, the
	 * one running, or a new one.
	 * @return the position, or -1 when it could not be read
	 */
	long positionCovering(long ticket) {
		while (true) {
			CompletableFuture<Sample> sample;
			long covers = -1;
			synchronized (this) {
				if (this.latest.covers() >= ticket) {
					return this.latest.position();
				}
				sample = this.running;
				if (sample == null) {
					// Read before the position is: every ticket up to here belongs to a committed write.
					covers = this.commits.get();
					sample = new CompletableFuture<>();
					this.running = sample;
				}
			}
			if (covers >= 0) {
				run(sample, covers);
			}
			Sample done = sample.join();
			if (done.covers() >= ticket) {
				return done.position();
			}
			// It started before this ticket: the next one covers it.
		}
	}

	private void run(CompletableFuture<Sample> sample, long covers) {
		this.samples.incrementAndGet();
		Sample done = new Sample(covers, -1);
		try {
			done = new Sample(covers, this.source.read());
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug(this.name + " - could not read the log position of committed writes: "
					+ JdbcUrls.reduceWithin(ex.getMessage()));
		}
		finally {
			// Whatever happened, the callers waiting on it must not wait forever.
			synchronized (this) {
				if (done.position() >= 0 && covers > this.latest.covers()) {
					this.latest = done;
				}
				this.running = null;
			}
			sample.complete(done);
		}
	}

	/** Reads the writer's current position. */
	@FunctionalInterface
	interface Source {

		long read() throws SQLException;

	}

	/**
	 * A committed write, whose position a sample started after it tells.
	 *
	 * @param sampler the writer's sampler
	 * @param sequence the write's place among the writer's commits
	 */
	record Ticket(PositionSampler sampler, long sequence) {

		/**
		 * The write's position: a sample's that started after it, sampling now if none has.
		 * @return the position, or -1 when it could not be read
		 */
		long position() {
			return this.sampler.positionCovering(this.sequence);
		}

	}

	private record Sample(long covers, long position) {

	}

}
