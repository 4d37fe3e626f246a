package io.github.replicarouting;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whoever must see their own writes: a user's session across requests, a thread, or whatever a
 * {@link ConsistencyScopeResolver} says. It remembers when it last wrote and, in causal mode, the
 * primary's log position after that write and the highest position its reads have seen (so that
 * they never go back in time), and travels between requests and application instances as a
 * token ({@link ConsistencyTokens}). With shards, it keeps one such record per shard: a write on
 * one shard says nothing about another's replicas.
 */
public final class ConsistencyScope {

	private static final Log logger = LogFactory.getLog(ConsistencyScope.class);

	private static final Snapshot NEVER_WROTE = new Snapshot(Long.MIN_VALUE, -1, -1, Long.MIN_VALUE);

	/** Both facts at once, so that no reader sees a write time with an older write's position. */
	private volatile Snapshot state = NEVER_WROTE;

	/**
	 * The scope's last write, while its position is not known yet: resolved by the first that
	 * needs it ({@link #resolvedSnapshot()}). Guarded by {@code this}.
	 */
	private PositionSampler.@Nullable Ticket pending;

	/** The position of the writes before the pending one, which its position can only raise. */
	private long positionBeforePending = -1;

	private volatile @Nullable Consumer<ConsistencyScope> onWrite;

	/** The scope this one keeps a shard's record of, or {@code null}. */
	private final @Nullable ConsistencyScope parent;

	private final Map<String, ConsistencyScope> shards = new ConcurrentSkipListMap<>();

	/**
	 * A scope that has not written yet.
	 */
	public ConsistencyScope() {
		this(null);
	}

	private ConsistencyScope(@Nullable ConsistencyScope parent) {
		this.parent = parent;
	}

	/**
	 * A scope with one record per shard, as a token says.
	 */
	static ConsistencyScope ofShards(Map<String, Snapshot> shards) {
		ConsistencyScope scope = new ConsistencyScope();
		shards.forEach((name, snapshot) -> scope.forShard(name).state = snapshot);
		return scope;
	}

	/**
	 * The record of this scope's writes and reads on one shard, whose changes are this scope's.
	 * A new one starts from this scope's own record: a token from before sharding, which named no
	 * shard, holds for every shard.
	 * @param shard the shard's name
	 * @return the shard's record
	 */
	ConsistencyScope forShard(String shard) {
		return this.shards.computeIfAbsent(shard, (name) -> {
			ConsistencyScope child = new ConsistencyScope(this);
			child.state = this.state;
			return child;
		});
	}

	/**
	 * The shards' records, by shard name, in name order.
	 */
	Map<String, ConsistencyScope> shards() {
		return this.shards;
	}

	/**
	 * A scope that last wrote at {@code lastWriteMillis}, as a token says.
	 */
	static ConsistencyScope of(long lastWriteMillis, long position) {
		return of(lastWriteMillis, position, -1, Long.MIN_VALUE);
	}

	/**
	 * A scope that last wrote at {@code lastWriteMillis} and has read up to
	 * {@code readPosition} at {@code readMillis}, as a token says.
	 */
	static ConsistencyScope of(long lastWriteMillis, long position, long readPosition, long readMillis) {
		ConsistencyScope scope = new ConsistencyScope();
		scope.state = new Snapshot(lastWriteMillis, position, readPosition, readMillis);
		return scope;
	}

	/**
	 * When the scope last wrote.
	 * @return the time in epoch milliseconds, or {@link Long#MIN_VALUE} if it never wrote
	 */
	public long lastWriteMillis() {
		return this.state.lastWriteMillis();
	}

	/**
	 * The primary's log position after the scope's last write. In causal mode a write's position
	 * is read when first needed, so this may ask the primary once (a round trip shared with every
	 * other write committed before it).
	 * @return the position, or -1 when unknown
	 */
	public long position() {
		return resolvedSnapshot().position();
	}

	/**
	 * The highest log position the scope's reads have seen, in causal mode.
	 * @return the position, or -1 when none is known
	 */
	public long readPosition() {
		return this.state.readPosition();
	}

	/**
	 * When the scope last wrote, the position after that write and the highest position read,
	 * read together, as they stand: while the last write's position is still to be read, the
	 * position is unknown (-1).
	 */
	Snapshot snapshot() {
		return this.state;
	}

	/**
	 * The {@link #snapshot()}, with the position of the last write read first if it is not known
	 * yet: from a sample of the primary that started after the write committed (one round trip
	 * shared by every write before it, or none when one has already run).
	 */
	Snapshot resolvedSnapshot() {
		while (true) {
			PositionSampler.Ticket ticket;
			synchronized (this) {
				ticket = this.pending;
				if (ticket == null) {
					return this.state;
				}
			}
			resolve(ticket, ticket.position());
		}
	}

	private void resolve(PositionSampler.Ticket ticket, long position) {
		synchronized (this) {
			if (this.pending != ticket) {
				// A later write replaced it: its own position covers this one.
				return;
			}
			this.pending = null;
			Snapshot previous = this.state;
			this.state = new Snapshot(previous.lastWriteMillis(),
					(position < 0) ? -1 : Math.max(this.positionBeforePending, position), previous.readPosition(),
					previous.readMillis());
		}
	}

	/**
	 * Set what to do after each change a token must carry (a write, or a read that saw further
	 * than any before), such as sending the new token to a client.
	 * @param onWrite the callback, or {@code null} for none
	 */
	void onWrite(@Nullable Consumer<ConsistencyScope> onWrite) {
		this.onWrite = onWrite;
	}

	/**
	 * Record a write that committed. A write whose position is unknown makes the scope's position
	 * unknown: an earlier write's position does not cover it.
	 * @param millis when it committed
	 * @param position the primary's position after it, or -1 when unknown
	 */
	void recordWrite(long millis, long position) {
		synchronized (this) {
			this.pending = null;
			Snapshot previous = this.state;
			this.state = new Snapshot(Math.max(previous.lastWriteMillis(), millis),
					(position < 0) ? -1 : Math.max(previous.position(), position), previous.readPosition(),
					previous.readMillis());
		}
		changed();
	}

	/**
	 * Record a write that committed, whose position is read when first needed: until then the
	 * {@link #snapshot()} says the position is unknown (never an older write's), and
	 * {@link #resolvedSnapshot()} reads it. A later write replaces the pending one: on the same
	 * writer its sample starts after both.
	 * @param millis when it committed
	 * @param ticket the write's place among its writer's commits
	 */
	void recordWrite(long millis, PositionSampler.Ticket ticket) {
		synchronized (this) {
			Snapshot previous = this.state;
			if (this.pending == null) {
				this.positionBeforePending = previous.position();
			}
			this.pending = ticket;
			this.state = new Snapshot(Math.max(previous.lastWriteMillis(), millis), -1, previous.readPosition(),
					previous.readMillis());
		}
		changed();
	}

	/**
	 * Record that a read of the scope saw the primary's log up to {@code position} at most.
	 * @param position the position, ignored when unknown (negative)
	 * @param millis when the read's position was asked for, or earlier
	 */
	void recordRead(long position, long millis) {
		synchronized (this) {
			Snapshot previous = this.state;
			if (position <= previous.readPosition()) {
				return;
			}
			this.state = new Snapshot(previous.lastWriteMillis(), previous.position(), position, millis);
		}
		changed();
	}

	private void changed() {
		if (this.parent != null) {
			// The token is the parent's, and carries every shard's record.
			this.parent.changed();
			return;
		}
		Consumer<ConsistencyScope> callback = this.onWrite;
		if (callback != null) {
			try {
				callback.accept(this);
			}
			catch (RuntimeException ex) {
				// The write has committed: telling a client about it must never make it look failed.
				logger.debug("Could not pass on the consistency token after a write", ex);
			}
		}
	}

	@Override
	public String toString() {
		Snapshot snapshot = this.state;
		return "ConsistencyScope [lastWrite=" + ((snapshot.lastWriteMillis() == Long.MIN_VALUE) ? "never"
				: snapshot.lastWriteMillis()) + ", position=" + snapshot.position() + ", readPosition="
				+ snapshot.readPosition() + (this.shards.isEmpty() ? "" : ", shards=" + this.shards) + "]";
	}

	/**
	 * When a scope last wrote, the primary's position after that write, and the highest position
	 * its reads saw.
	 *
	 * @param lastWriteMillis the time in epoch milliseconds, {@link Long#MIN_VALUE} if never
	 * @param position the position, or -1 when unknown
	 * @param readPosition the highest position read, or -1 when none is known
	 * @param readMillis when that position was read, or earlier; {@link Long#MIN_VALUE} when none
	 */
	record Snapshot(long lastWriteMillis, long position, long readPosition, long readMillis) {

	}

}
