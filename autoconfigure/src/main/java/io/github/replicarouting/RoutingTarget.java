package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * One place a connection can be routed to: the primary or a replica, with its own pool.
 */
public final class RoutingTarget {

	private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");

	private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;](?:password|pwd|user|username)=)[^&;]*");

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
	 * @param url its JDBC URL (credentials in it are never shown)
	 * @param weight its weight for {@link LoadBalancing#WEIGHTED}
	 */
	public RoutingTarget(String name, DataSource dataSource, String url, int weight) {
		this.name = name;
		this.dataSource = dataSource;
		this.url = withoutCredentials(url);
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
	 * The JDBC URL with any user name or password removed, safe to show.
	 * @return the URL
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
	 * How far this replica was last seen to have replayed the primary's log, by a probe or a
	 * causal read; for the primary, its current log position as its probe last read it.
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

	/**
	 * A JDBC URL with any user name or password removed, safe to show or log.
	 * @param url the URL
	 * @return the URL without credentials
	 */
	public static String withoutCredentials(String url) {
		String withoutUserInfo = USER_INFO.matcher(url).replaceFirst("//");
		return SECRET_PARAMETER.matcher(withoutUserInfo).replaceAll("$1******");
	}

	@Override
	public String toString() {
		return this.name + " (" + this.url + ")";
	}

}
