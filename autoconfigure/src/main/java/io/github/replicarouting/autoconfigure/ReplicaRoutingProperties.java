package io.github.replicarouting.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.github.replicarouting.FailoverMode;
import io.github.replicarouting.LoadBalancing;
import io.github.replicarouting.LostWrites;
import io.github.replicarouting.NonTransactionalReads;
import io.github.replicarouting.ReadYourWritesMode;
import io.github.replicarouting.RepositoryReads;

/**
 * Configuration properties for replica routing.
 */
@ConfigurationProperties("replica-routing")
public class ReplicaRoutingProperties {

	/**
	 * Whether to route reads to replicas and writes to the primary.
	 */
	private boolean enabled = true;

	/**
	 * The primary. When its URL is not set, a JdbcConnectionDetails bean (from @ServiceConnection
	 * or Docker Compose support) is used, else spring.datasource.*.
	 */
	private final Primary primary = new Primary();

	/**
	 * Replicas by name. The name identifies the replica in metrics, health and logs.
	 */
	private Map<String, Replica> replicas = new LinkedHashMap<>();

	/**
	 * Primary+replica groups by name, in place of primary and replicas: each group gets its own
	 * pools, probes, circuit breakers, fallback budget and failover, with the settings of
	 * replica-routing.* (health, failover, protection, read-your-writes, load-balancing...). @Shard
	 * or a ShardKeyResolver bean picks the group of each transaction.
	 */
	private Map<String, Shard> shards = new LinkedHashMap<>();

	/**
	 * The shard of work for which neither @Shard nor a ShardKeyResolver bean names one. When not
	 * set, such work fails with an error that names the method.
	 */
	private @Nullable String defaultShard;

	/**
	 * How a read picks a replica among those that may serve it.
	 */
	private LoadBalancing loadBalancing = LoadBalancing.ROUND_ROBIN;

	/**
	 * Where work outside any transaction goes.
	 */
	private NonTransactionalReads nonTransactionalReads = NonTransactionalReads.PRIMARY;

	/**
	 * Where Spring Data repository reads called outside a transaction go (derived and declared
	 * query methods, Specification, Querydsl and Example finders, count, exists, findById):
	 * read-your-writes for a replica unless the caller's scope wrote recently, replica for a
	 * replica always, primary for the same routing as any other work. Writes and calls inside a
	 * running transaction are never affected.
	 */
	private RepositoryReads repositoryReads = RepositoryReads.READ_YOUR_WRITES;

	/**
	 * Whether reads run on the primary when no replica can serve them. When false, such reads
	 * fail with an exception that names every target tried.
	 */
	private boolean fallbackToPrimary = true;

	/**
	 * Replication lag beyond which a replica leaves the rotation until it catches up.
	 */
	private Duration maxReplicationLag = Duration.ofSeconds(5);

	/**
	 * Read-your-writes settings.
	 */
	private final ReadYourWrites readYourWrites = new ReadYourWrites();

	/**
	 * Replica health settings.
	 */
	private final Health health = new Health();

	/**
	 * Whether writes follow a promoted node.
	 */
	private final Failover failover = new Failover();

	/**
	 * Settings that protect the primary when replicas are gone.
	 */
	private final Protection protection = new Protection();

	/**
	 * Whether to route reads to replicas and writes to the primary.
	 * @return the value in use
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Whether to route reads to replicas and writes to the primary.
	 * @param enabled the value to use
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * The primary.
	 * @return the value in use
	 */
	public Primary getPrimary() {
		return this.primary;
	}

	/**
	 * Replicas by name.
	 * @return the value in use
	 */
	public Map<String, Replica> getReplicas() {
		return this.replicas;
	}

	/**
	 * Replicas by name.
	 * @param replicas the value to use
	 */
	public void setReplicas(Map<String, Replica> replicas) {
		this.replicas = replicas;
	}

	/**
	 * Primary+replica groups by name, in place of primary and replicas: each group gets its own
	 * pools, probes, circuit breakers, fallback budget and failover, with the settings of
	 * replica-routing.* (health, failover, protection, read-your-writes, load-balancing...).
	 * @return the value in use
	 */
	public Map<String, Shard> getShards() {
		return this.shards;
	}

	/**
	 * Primary+replica groups by name, in place of primary and replicas: each group gets its own
	 * pools, probes, circuit breakers, fallback budget and failover, with the settings of
	 * replica-routing.* (health, failover, protection, read-your-writes, load-balancing...).
	 * @param shards the value to use
	 */
	public void setShards(Map<String, Shard> shards) {
		this.shards = shards;
	}

	/**
	 * The shard of work for which neither @Shard nor a ShardKeyResolver bean names one.
	 * @return the value in use
	 */
	public @Nullable String getDefaultShard() {
		return this.defaultShard;
	}

	/**
	 * The shard of work for which neither @Shard nor a ShardKeyResolver bean names one.
	 * @param defaultShard the value to use
	 */
	public void setDefaultShard(@Nullable String defaultShard) {
		this.defaultShard = defaultShard;
	}

	/**
	 * How a read picks a replica among those that may serve it.
	 * @return the value in use
	 */
	public LoadBalancing getLoadBalancing() {
		return this.loadBalancing;
	}

	/**
	 * How a read picks a replica among those that may serve it.
	 * @param loadBalancing the value to use
	 */
	public void setLoadBalancing(LoadBalancing loadBalancing) {
		this.loadBalancing = loadBalancing;
	}

	/**
	 * Where work outside any transaction goes.
	 * @return the value in use
	 */
	public NonTransactionalReads getNonTransactionalReads() {
		return this.nonTransactionalReads;
	}

	/**
	 * Where work outside any transaction goes.
	 * @param nonTransactionalReads the value to use
	 */
	public void setNonTransactionalReads(NonTransactionalReads nonTransactionalReads) {
		this.nonTransactionalReads = nonTransactionalReads;
	}

	/**
	 * Where Spring Data repository reads called outside a transaction go (derived and declared
	 * query methods, Specification, Querydsl and Example finders, count, exists, findById):
	 * read-your-writes for a replica unless the caller's scope wrote recently, replica for a
	 * replica always, primary for the same routing as any other work.
	 * @return the value in use
	 */
	public RepositoryReads getRepositoryReads() {
		return this.repositoryReads;
	}

	/**
	 * Where Spring Data repository reads called outside a transaction go (derived and declared
	 * query methods, Specification, Querydsl and Example finders, count, exists, findById):
	 * read-your-writes for a replica unless the caller's scope wrote recently, replica for a
	 * replica always, primary for the same routing as any other work.
	 * @param repositoryReads the value to use
	 */
	public void setRepositoryReads(RepositoryReads repositoryReads) {
		this.repositoryReads = repositoryReads;
	}

	/**
	 * Whether reads run on the primary when no replica can serve them.
	 * @return the value in use
	 */
	public boolean isFallbackToPrimary() {
		return this.fallbackToPrimary;
	}

	/**
	 * Whether reads run on the primary when no replica can serve them.
	 * @param fallbackToPrimary the value to use
	 */
	public void setFallbackToPrimary(boolean fallbackToPrimary) {
		this.fallbackToPrimary = fallbackToPrimary;
	}

	/**
	 * Replication lag beyond which a replica leaves the rotation until it catches up.
	 * @return the value in use
	 */
	public Duration getMaxReplicationLag() {
		return this.maxReplicationLag;
	}

	/**
	 * Replication lag beyond which a replica leaves the rotation until it catches up.
	 * @param maxReplicationLag the value to use
	 */
	public void setMaxReplicationLag(Duration maxReplicationLag) {
		this.maxReplicationLag = maxReplicationLag;
	}

	/**
	 * Read-your-writes settings.
	 * @return the value in use
	 */
	public ReadYourWrites getReadYourWrites() {
		return this.readYourWrites;
	}

	/**
	 * Whether writes follow a promoted node.
	 * @return the value in use
	 */
	public Failover getFailover() {
		return this.failover;
	}

	/**
	 * Replica health settings.
	 * @return the value in use
	 */
	public Health getHealth() {
		return this.health;
	}

	/**
	 * Settings that protect the primary when replicas are gone.
	 * @return the value in use
	 */
	public Protection getProtection() {
		return this.protection;
	}

	/**
	 * How the primary is protected from the reads that fall back to it.
	 */
	public static class Protection {

		/**
		 * Maximum number of reads that run on the primary at once for lack of a replica; 0 for
		 * half the primary's pool (at least 1).
		 */
		private int fallbackMaxConcurrent;

		/**
		 * How long a read that falls back beyond fallback-max-concurrent waits for a place before
		 * it fails.
		 */
		private Duration fallbackMaxWait = Duration.ofSeconds(1);

		/**
		 * Maximum number of reads that run on the primary at once for lack of a replica; 0 for half
		 * the primary's pool (at least 1).
		 * @return the value in use
		 */
		public int getFallbackMaxConcurrent() {
			return this.fallbackMaxConcurrent;
		}

		/**
		 * Maximum number of reads that run on the primary at once for lack of a replica; 0 for half
		 * the primary's pool (at least 1).
		 * @param fallbackMaxConcurrent the value to use
		 */
		public void setFallbackMaxConcurrent(int fallbackMaxConcurrent) {
			this.fallbackMaxConcurrent = fallbackMaxConcurrent;
		}

		/**
		 * How long a read that falls back beyond fallback-max-concurrent waits for a place before
		 * it fails.
		 * @return the value in use
		 */
		public Duration getFallbackMaxWait() {
			return this.fallbackMaxWait;
		}

		/**
		 * How long a read that falls back beyond fallback-max-concurrent waits for a place before
		 * it fails.
		 * @param fallbackMaxWait the value to use
		 */
		public void setFallbackMaxWait(Duration fallbackMaxWait) {
			this.fallbackMaxWait = fallbackMaxWait;
		}

	}

	/**
	 * Connection settings shared by the primary and the replicas.
	 */
	public abstract static class Target {

		/**
		 * JDBC URL.
		 */
		private @Nullable String url;

		/**
		 * Login user name.
		 */
		private @Nullable String username;

		/**
		 * Login password.
		 */
		private @Nullable String password;

		/**
		 * Fully qualified name of the JDBC driver. Auto-detected from the URL by default.
		 */
		private @Nullable String driverClassName;

		/**
		 * HikariCP settings of this target's pool, with the same names as
		 * spring.datasource.hikari.*, for example maximum-pool-size.
		 */
		private Map<String, String> hikari = new LinkedHashMap<>();

		/**
		 * JDBC URL.
		 * @return the value in use
		 */
		public @Nullable String getUrl() {
			return this.url;
		}

		/**
		 * JDBC URL.
		 * @param url the value to use
		 */
		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		/**
		 * Login user name.
		 * @return the value in use
		 */
		public @Nullable String getUsername() {
			return this.username;
		}

		/**
		 * Login user name.
		 * @param username the value to use
		 */
		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		/**
		 * Login password.
		 * @return the value in use
		 */
		public @Nullable String getPassword() {
			return this.password;
		}

		/**
		 * Login password.
		 * @param password the value to use
		 */
		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		/**
		 * Fully qualified name of the JDBC driver.
		 * @return the value in use
		 */
		public @Nullable String getDriverClassName() {
			return this.driverClassName;
		}

		/**
		 * Fully qualified name of the JDBC driver.
		 * @param driverClassName the value to use
		 */
		public void setDriverClassName(@Nullable String driverClassName) {
			this.driverClassName = driverClassName;
		}

		/**
		 * HikariCP settings of this target's pool, with the same names as
		 * spring.datasource.hikari.*, for example maximum-pool-size.
		 * @return the value in use
		 */
		public Map<String, String> getHikari() {
			return this.hikari;
		}

		/**
		 * HikariCP settings of this target's pool, with the same names as
		 * spring.datasource.hikari.*, for example maximum-pool-size.
		 * @param hikari the value to use
		 */
		public void setHikari(Map<String, String> hikari) {
			this.hikari = hikari;
		}

	}

	/**
	 * The primary, which serves every write.
	 */
	public static class Primary extends Target {

	}

	/**
	 * A replica. User name and password default to the primary's.
	 */
	public static class Replica extends Target {

		/**
		 * Share of reads relative to the other replicas, with weighted load balancing.
		 */
		private int weight = 1;

		/**
		 * Share of reads relative to the other replicas, with weighted load balancing.
		 * @return the value in use
		 */
		public int getWeight() {
			return this.weight;
		}

		/**
		 * Share of reads relative to the other replicas, with weighted load balancing.
		 * @param weight the value to use
		 */
		public void setWeight(int weight) {
			this.weight = weight;
		}

	}

	/**
	 * A primary+replica group.
	 */
	public static class Shard {

		/**
		 * The group's primary.
		 */
		private final Primary primary = new Primary();

		/**
		 * The group's replicas by name. The name identifies the replica, with the shard's, in
		 * metrics, health and logs.
		 */
		private Map<String, Replica> replicas = new LinkedHashMap<>();

		/**
		 * The group's primary.
		 * @return the value in use
		 */
		public Primary getPrimary() {
			return this.primary;
		}

		/**
		 * The group's replicas by name.
		 * @return the value in use
		 */
		public Map<String, Replica> getReplicas() {
			return this.replicas;
		}

		/**
		 * The group's replicas by name.
		 * @param replicas the value to use
		 */
		public void setReplicas(Map<String, Replica> replicas) {
			this.replicas = replicas;
		}

	}

	/**
	 * How reads see the writes of their own scope.
	 */
	public static class ReadYourWrites {

		/**
		 * How @ReadYourWrites reads find a target that has their scope's writes.
		 */
		private ReadYourWritesMode mode = ReadYourWritesMode.WINDOW;

		/**
		 * In window mode, how long after a scope's write its @ReadYourWrites reads go to the
		 * primary. After it, they go to a replica only when its last probe shows it has every
		 * write made up to the scope's write, else still to the primary.
		 */
		private Duration window = Duration.ofSeconds(2);

		/**
		 * In causal mode, how long a read may wait for a replica to catch up before it reads on
		 * the primary.
		 */
		private Duration maxWait = Duration.ZERO;

		/**
		 * Secret that authenticates the consistency tokens clients carry (HMAC-SHA256), at least
		 * 32 characters. Set the same one on every instance that serves the same clients. When
		 * not set, each instance uses a random key of its own, so a token is honoured only by the
		 * instance that issued it.
		 */
		private @Nullable String tokenSecret;

		/**
		 * How @ReadYourWrites reads find a target that has their scope's writes.
		 * @return the value in use
		 */
		public ReadYourWritesMode getMode() {
			return this.mode;
		}

		/**
		 * How @ReadYourWrites reads find a target that has their scope's writes.
		 * @param mode the value to use
		 */
		public void setMode(ReadYourWritesMode mode) {
			this.mode = mode;
		}

		/**
		 * In window mode, how long after a scope's write its @ReadYourWrites reads go to the
		 * primary.
		 * @return the value in use
		 */
		public Duration getWindow() {
			return this.window;
		}

		/**
		 * In window mode, how long after a scope's write its @ReadYourWrites reads go to the
		 * primary.
		 * @param window the value to use
		 */
		public void setWindow(Duration window) {
			this.window = window;
		}

		/**
		 * In causal mode, how long a read may wait for a replica to catch up before it reads on the
		 * primary.
		 * @return the value in use
		 */
		public Duration getMaxWait() {
			return this.maxWait;
		}

		/**
		 * In causal mode, how long a read may wait for a replica to catch up before it reads on the
		 * primary.
		 * @param maxWait the value to use
		 */
		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

		/**
		 * Secret that authenticates the consistency tokens clients carry (HMAC-SHA256), at least 32
		 * characters.
		 * @return the value in use
		 */
		public @Nullable String getTokenSecret() {
			return this.tokenSecret;
		}

		/**
		 * Secret that authenticates the consistency tokens clients carry (HMAC-SHA256), at least 32
		 * characters.
		 * @param tokenSecret the value to use
		 */
		public void setTokenSecret(@Nullable String tokenSecret) {
			this.tokenSecret = tokenSecret;
		}

	}

	/**
	 * Whether writes follow a node that an orchestrator promoted.
	 */
	public static class Failover {

		/**
		 * Whether writes follow a promoted node: 'none' sends them to the configured primary only;
		 * 'follow' sends them to whichever of the primary and the replicas is the only one that
		 * takes writes, and fails them while two distinct servers do (split brain).
		 */
		private FailoverMode mode = FailoverMode.NONE;

		/**
		 * In follow mode, consecutive probe rounds that must find one node the only writable one
		 * before writes move there.
		 */
		private int confirmations = 2;

		/**
		 * In follow mode, how a failover counts the acknowledged writes the new primary lacks:
		 * 'bounds' (no cost on the write path) reports how far it was behind the old primary's
		 * last probed log position (GTID transactions on MariaDB and MySQL, bytes of WAL on
		 * PostgreSQL) and how many writes were acknowledged after that probe; 'exact' reports the
		 * count of acknowledged write transactions it lacks, at one more round trip per read-write
		 * transaction committed, to read its identity (MariaDB, PostgreSQL 13+; MySQL stays with
		 * bounds).
		 */
		private LostWrites lostWrites = LostWrites.BOUNDS;

		/**
		 * Whether writes follow a promoted node: 'none' sends them to the configured primary only;
		 * 'follow' sends them to whichever of the primary and the replicas is the only one that
		 * takes writes, and fails them while two distinct servers do (split brain).
		 * @return the value in use
		 */
		public FailoverMode getMode() {
			return this.mode;
		}

		/**
		 * Whether writes follow a promoted node: 'none' sends them to the configured primary only;
		 * 'follow' sends them to whichever of the primary and the replicas is the only one that
		 * takes writes, and fails them while two distinct servers do (split brain).
		 * @param mode the value to use
		 */
		public void setMode(FailoverMode mode) {
			this.mode = mode;
		}

		/**
		 * In follow mode, consecutive probe rounds that must find one node the only writable one
		 * before writes move there.
		 * @return the value in use
		 */
		public int getConfirmations() {
			return this.confirmations;
		}

		/**
		 * In follow mode, consecutive probe rounds that must find one node the only writable one
		 * before writes move there.
		 * @param confirmations the value to use
		 */
		public void setConfirmations(int confirmations) {
			this.confirmations = confirmations;
		}

		/**
		 * In follow mode, how a failover counts the acknowledged writes the new primary lacks:
		 * 'bounds' (no cost on the write path) or 'exact' (one more round trip per read-write
		 * transaction committed).
		 * @return the value in use
		 */
		public LostWrites getLostWrites() {
			return this.lostWrites;
		}

		/**
		 * In follow mode, how a failover counts the acknowledged writes the new primary lacks:
		 * 'bounds' (no cost on the write path) or 'exact' (one more round trip per read-write
		 * transaction committed).
		 * @param lostWrites the value to use
		 */
		public void setLostWrites(LostWrites lostWrites) {
			this.lostWrites = lostWrites;
		}

	}

	/**
	 * How replica health is checked.
	 */
	public static class Health {

		/**
		 * Interval between active checks of the primary's reachability and of each replica's
		 * reachability, role and lag.
		 */
		private Duration probeInterval = Duration.ofSeconds(2);

		/**
		 * Time after which an active check counts as failed; also the connect and socket timeout
		 * of the checks' own connections.
		 */
		private Duration probeTimeout = Duration.ofSeconds(1);

		/**
		 * How long a replica back in rotation (breaker closed, lag recovered, readmitted) takes
		 * to ramp its share of reads up linearly to a full share; 0 for at once.
		 */
		private Duration slowStart = Duration.ofSeconds(30);

		/**
		 * Circuit breaker settings applied to every replica's breaker.
		 */
		private final CircuitBreaker circuitBreaker = new CircuitBreaker();

		/**
		 * Interval between active checks of the primary's reachability and of each replica's
		 * reachability, role and lag.
		 * @return the value in use
		 */
		public Duration getProbeInterval() {
			return this.probeInterval;
		}

		/**
		 * Interval between active checks of the primary's reachability and of each replica's
		 * reachability, role and lag.
		 * @param probeInterval the value to use
		 */
		public void setProbeInterval(Duration probeInterval) {
			this.probeInterval = probeInterval;
		}

		/**
		 * Time after which an active check counts as failed; also the connect and socket timeout of
		 * the checks' own connections.
		 * @return the value in use
		 */
		public Duration getProbeTimeout() {
			return this.probeTimeout;
		}

		/**
		 * Time after which an active check counts as failed; also the connect and socket timeout of
		 * the checks' own connections.
		 * @param probeTimeout the value to use
		 */
		public void setProbeTimeout(Duration probeTimeout) {
			this.probeTimeout = probeTimeout;
		}

		/**
		 * How long a replica back in rotation (breaker closed, lag recovered, readmitted) takes to
		 * ramp its share of reads up linearly to a full share; 0 for at once.
		 * @return the value in use
		 */
		public Duration getSlowStart() {
			return this.slowStart;
		}

		/**
		 * How long a replica back in rotation (breaker closed, lag recovered, readmitted) takes to
		 * ramp its share of reads up linearly to a full share; 0 for at once.
		 * @param slowStart the value to use
		 */
		public void setSlowStart(Duration slowStart) {
			this.slowStart = slowStart;
		}

		/**
		 * Circuit breaker settings applied to every replica's breaker.
		 * @return the value in use
		 */
		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

	}

	/**
	 * Resilience4j circuit breaker settings of each replica.
	 */
	public static class CircuitBreaker {

		/**
		 * Failure rate, in percent, at or above which the breaker opens.
		 */
		private float failureRateThreshold = 50;

		/**
		 * Number of calls the failure rate is computed over.
		 */
		private int slidingWindowSize = 20;

		/**
		 * Minimum number of calls before the failure rate is computed.
		 */
		private int minimumNumberOfCalls = 5;

		/**
		 * Time the breaker stays open before it lets trial calls through.
		 */
		private Duration waitDurationInOpenState = Duration.ofSeconds(10);

		/**
		 * Number of trial calls let through while half open.
		 */
		private int permittedNumberOfCallsInHalfOpenState = 3;

		/**
		 * Failure rate, in percent, at or above which the breaker opens.
		 * @return the value in use
		 */
		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		/**
		 * Number of calls the failure rate is computed over.
		 * @return the value in use
		 */
		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		/**
		 * Minimum number of calls before the failure rate is computed.
		 * @return the value in use
		 */
		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		/**
		 * Time the breaker stays open before it lets trial calls through.
		 * @return the value in use
		 */
		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		/**
		 * Number of trial calls let through while half open.
		 * @return the value in use
		 */
		public int getPermittedNumberOfCallsInHalfOpenState() {
			return this.permittedNumberOfCallsInHalfOpenState;
		}

		/**
		 * Failure rate, in percent, at or above which the breaker opens.
		 * @param failureRateThreshold the value to use
		 */
		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		/**
		 * Number of calls the failure rate is computed over.
		 * @param slidingWindowSize the value to use
		 */
		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		/**
		 * Minimum number of calls before the failure rate is computed.
		 * @param minimumNumberOfCalls the value to use
		 */
		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		/**
		 * Time the breaker stays open before it lets trial calls through.
		 * @param waitDurationInOpenState the value to use
		 */
		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

		/**
		 * Number of trial calls let through while half open.
		 * @param permittedNumberOfCallsInHalfOpenState the value to use
		 */
		public void setPermittedNumberOfCallsInHalfOpenState(int permittedNumberOfCallsInHalfOpenState) {
			this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
		}

	}

}
