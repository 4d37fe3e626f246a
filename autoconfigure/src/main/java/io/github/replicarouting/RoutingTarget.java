package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * One place a connection can be routed to: the primary or a replica, with its own pool.
 */
public final class RoutingTarget {

	private final String name;

	private final DataSource dataSource;

	private final String url;

	private final int weight;

	private final boolean readOnlySessions;

	private volatile @Nullable ServerReadOnly serverReadOnly;

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile ReplicaAvailability availability = ReplicaAvailability.ALWAYS;

	private volatile SeenPosition seenPosition = SeenPosition.UNKNOWN;

	/**
	 * Create a target.
	 * @param name the target name, {@value RoutingDecision#PRIMARY} or the replica's name
	 * @param dataSource the pool that serves it
	 * @param url its JDBC URL (only its scheme, hosts, ports and database are ever shown)
	 * @param weight its weight for {@link LoadBalancing#WEIGHTED}
	 */
	public RoutingTarget(String name, DataSource dataSource, String url, int weight) {
		this(name, dataSource, url, weight, false);
	}

	/**
	 * Create a target whose pool may open its connections read-only at the server.
	 * @param name the target name, {@value RoutingDecision#PRIMARY} or the replica's name
	 * @param dataSource the pool that serves it
	 * @param url its JDBC URL (credentials in it are never shown)
	 * @param weight its weight for {@link LoadBalancing#WEIGHTED}
	 * @param readOnlySessions whether every connection the pool hands out is read-only, in JDBC
	 * and at the server (a MySQL or MariaDB replica pool that runs
	 * {@code SET SESSION TRANSACTION READ ONLY} on each new connection, with HikariCP's
	 * {@code readOnly} on), so that a read-only route on it sends nothing more
	 */
	public RoutingTarget(String name, DataSource dataSource, String url, int weight, boolean readOnlySessions) {
		this.name = name;
		this.dataSource = dataSource;
		this.url = JdbcUrls.reduce(url);
		this.weight = weight;
		this.readOnlySessions = readOnlySessions;
	}

	/**
	 * The target's name.
	 * @return {@value RoutingDecision#PRIMARY} or the replica's configured name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The pool of this target.
	 * @return the data source
	 */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * The JDBC URL reduced to scheme, host(s), port(s) and database, safe to show.
	 * @return the URL
	 * @see JdbcUrls#reduce(String)
	 */
	public String url() {
		return this.url;
	}

	/**
	 * The weight for {@link LoadBalancing#WEIGHTED}.
	 * @return the weight, greater than 0
	 */
	public int weight() {
		return this.weight;
	}

	/**
	 * The connections taken from this target and not yet returned.
	 * @return the count
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Whether this target may serve now, as health checks see it.
	 * @return the availability, {@link ReplicaAvailability#ALWAYS} without health checks
	 */
	public ReplicaAvailability availability() {
		return this.availability;
	}

	/**
	 * Set what decides whether this target may serve.
	 * @param availability the availability
	 */
	public void availability(ReplicaAvailability availability) {
		this.availability = availability;
	}

	/**
	 * How far this target was last seen in the primary's log: for a replica, how far it has
	 * replayed it (seen by a probe or a causal read); for the primary, its current position
	 * (seen by the prober).
	 * @return the position, or -1 when unknown
	 */
	public long replayedPosition() {
		return this.seenPosition.position();
	}

	/**
	 * Record how far this target was just seen in the primary's log.
	 * @param position the position seen
	 */
	public void recordReplayedPosition(long position) {
		this.seenPosition = new SeenPosition(position, Long.MIN_VALUE);
	}

	/**
	 * Record how far this target was seen in the primary's log by a read that started at
	 * {@code readStartedMillis} or later. For the primary, this is what lets a consistency token
	 * be judged without asking the primary: a write made before that time lies at or before the
	 * position.
	 * @param position the position seen
	 * @param readStartedMillis when the read that saw it started, or earlier
	 */
	public void recordReplayedPosition(long position, long readStartedMillis) {
		this.seenPosition = new SeenPosition(position, readStartedMillis);
	}

	SeenPosition seenPosition() {
		return this.seenPosition;
	}

	/**
	 * Whether every connection of this target's pool is read-only at the server already.
	 * @return {@code true} if a read-only route on it needs nothing more
	 */
	public boolean readOnlySessions() {
		return this.readOnlySessions;
	}

	/** How a read-only route is made read-only at the server here, known from its first connection. */
	ServerReadOnly serverReadOnly(Connection connection) throws SQLException {
		ServerReadOnly known = this.serverReadOnly;
		if (known == null) {
			known = ServerReadOnly.of(connection.getMetaData());
			this.serverReadOnly = known;
		}
		return known;
	}

	boolean isPrimary() {
		return RoutingDecision.PRIMARY.equals(this.name);
	}

	Connection connect() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		this.inFlight.incrementAndGet();
		return connection;
	}

	/** Gives a connection from {@link #connect()} back to its pool. */
	void release(Connection connection) throws SQLException {
		try {
			connection.close();
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	@Override
	public String toString() {
		return this.name + " (" + this.url + ")";
	}

	/**
	 * A log position and a time no later than when it was read: both facts in one, so that no
	 * reader pairs a position with another reading's time.
	 *
	 * @param position the position, or -1 when unknown
	 * @param readAfterMillis when the read that saw it started, or earlier; {@link Long#MIN_VALUE}
	 * when unknown
	 */
	record SeenPosition(long position, long readAfterMillis) {

		static final SeenPosition UNKNOWN = new SeenPosition(-1, Long.MIN_VALUE);

	}

}
