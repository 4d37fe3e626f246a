package io.github.replicarouting;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * One place a connection can be routed to, the primary or a replica: its name, its pool and what
 * the routing needs to know of it. Immutable: whether it may serve is its {@link TargetHealth},
 * given when the {@link ReplicaRoutingDataSource} is built. Connections are taken from the
 * routing data source, never from a target.
 */
public final class RoutingTarget {

	private final String name;

	private final DataSource pool;

	private final String url;

	private final int weight;

	private final boolean readOnlySessions;

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile @Nullable ServerReadOnly serverReadOnly;

	/**
	 * Create a target.
	 * @param name the target name, {@value RoutingDecision#PRIMARY} or the replica's name
	 * @param pool the pool that serves it
	 * @param url its JDBC URL (only its scheme, hosts, ports and database are ever shown)
	 * @param weight its weight for {@link LoadBalancing#WEIGHTED}
	 */
	public RoutingTarget(String name, DataSource pool, String url, int weight) {
		this(name, pool, url, weight, false);
	}

	/**
	 * Create a target whose pool may open its connections read-only at the server.
	 * @param name the target name, {@value RoutingDecision#PRIMARY} or the replica's name
	 * @param pool the pool that serves it
	 * @param url its JDBC URL (only its scheme, hosts, ports and database are ever shown)
	 * @param weight its weight for {@link LoadBalancing#WEIGHTED}
	 * @param readOnlySessions whether every connection the pool hands out is read-only, in JDBC
	 * and at the server (a MySQL or MariaDB replica pool that runs
	 * {@code SET SESSION TRANSACTION READ ONLY} on each new connection, with HikariCP's
	 * {@code readOnly} on), so that a read-only route on it sends nothing more
	 */
	public RoutingTarget(String name, DataSource pool, String url, int weight, boolean readOnlySessions) {
		this.name = name;
		this.pool = pool;
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
	 * The connections routed to this target and not yet given back.
	 * @return the count
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Whether every connection of this target's pool is read-only at the server already.
	 * @return {@code true} if a read-only route on it needs nothing more
	 */
	public boolean readOnlySessions() {
		return this.readOnlySessions;
	}

	/**
	 * The target's pool as {@code type}, as JDBC's {@link java.sql.Wrapper#unwrap} gives a
	 * vendor's object: HikariCP's {@code HikariDataSource}, say, to read its settings and
	 * statistics. A connection taken from it directly is not routed, not guarded by the target's
	 * health and not counted.
	 * @param <T> the type
	 * @param type the type the pool is, or wraps
	 * @return the pool, or what it wraps, as {@code type}
	 * @throws SQLException when the pool is no {@code type} and wraps none
	 */
	public <T> T unwrap(Class<T> type) throws SQLException {
		return type.isInstance(this.pool) ? type.cast(this.pool) : this.pool.unwrap(type);
	}

	/**
	 * Whether {@link #unwrap} gives a {@code type}.
	 * @param type the type
	 * @return {@code true} when the pool is a {@code type} or wraps one
	 * @throws SQLException when the pool cannot tell
	 */
	public boolean isWrapperFor(Class<?> type) throws SQLException {
		return type.isInstance(this.pool) || this.pool.isWrapperFor(type);
	}

	DataSource pool() {
		return this.pool;
	}

	boolean isPrimary() {
		return RoutingDecision.PRIMARY.equals(this.name);
	}

	void connectionTaken() {
		this.inFlight.incrementAndGet();
	}

	void connectionReturned() {
		this.inFlight.decrementAndGet();
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

	@Override
	public String toString() {
		return this.name + " (" + this.url + ")";
	}

}
