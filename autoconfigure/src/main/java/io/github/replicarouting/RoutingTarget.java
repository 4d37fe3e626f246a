package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * One place a connection can be routed to: the primary or a replica, with its own pool.
 */
public final class RoutingTarget {

	private final String name;

	private final DataSource dataSource;

	private final String url;

	private final int weight;

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile ReplicaAvailability availability = ReplicaAvailability.ALWAYS;

	private final AtomicLong replayedPosition = new AtomicLong(-1);

	/**
	 * Create a target.
	 * @param name the target name, {@value RoutingDecision#PRIMARY} or the replica's name
	 * @param dataSource the pool that serves it
	 * @param url its JDBC URL (only its scheme, hosts, ports and database are ever shown)
	 * @param weight its weight for {@link LoadBalancing#WEIGHTED}
	 */
	public RoutingTarget(String name, DataSource dataSource, String url, int weight) {
		this.name = name;
		this.dataSource = dataSource;
		this.url = JdbcUrls.reduce(url);
		this.weight = weight;
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
	 * Whether this target may serve reads now, as health checks see it.
	 * @return the availability, {@link ReplicaAvailability#ALWAYS} without health checks
	 */
	public ReplicaAvailability availability() {
		return this.availability;
	}

	/**
	 * Set what decides whether this target may serve reads.
	 * @param availability the availability
	 */
	public void availability(ReplicaAvailability availability) {
		this.availability = availability;
	}

	/**
	 * How far this replica was last seen to have replayed the primary's log, by a probe or a
	 * causal read.
	 * @return the position, or -1 when unknown
	 */
	public long replayedPosition() {
		return this.replayedPosition.get();
	}

	/**
	 * Record how far this replica was just seen to have replayed the primary's log.
	 * @param position the position seen
	 */
	public void recordReplayedPosition(long position) {
		this.replayedPosition.set(position);
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

}
