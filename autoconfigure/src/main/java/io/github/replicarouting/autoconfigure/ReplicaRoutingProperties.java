package io.github.replicarouting.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.github.replicarouting.FailoverMode;
import io.github.replicarouting.LoadBalancing;
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

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Primary getPrimary() {
		return this.primary;
	}

	public Map<String, Replica> getReplicas() {
		return this.replicas;
	}

	public void setReplicas(Map<String, Replica> replicas) {
		this.replicas = replicas;
	}

	public Map<String, Shard> getShards() {
		return this.shards;
	}

	public void setShards(Map<String, Shard> shards) {
		this.shards = shards;
	}

	public @Nullable String getDefaultShard() {
		return this.defaultShard;
	}

	public void setDefaultShard(@Nullable String defaultShard) {
		this.defaultShard = defaultShard;
	}

	public LoadBalancing getLoadBalancing() {
		return this.loadBalancing;
	}

	public void setLoadBalancing(LoadBalancing loadBalancing) {
		this.loadBalancing = loadBalancing;
	}

	public NonTransactionalReads getNonTransactionalReads() {
		return this.nonTransactionalReads;
	}

	public void setNonTransactionalReads(NonTransactionalReads nonTransactionalReads) {
		this.nonTransactionalReads = nonTransactionalReads;
	}

	public RepositoryReads getRepositoryReads() {
		return this.repositoryReads;
	}

	public void setRepositoryReads(RepositoryReads repositoryReads) {
		this.repositoryReads = repositoryReads;
	}

	public boolean isFallbackToPrimary() {
		return this.fallbackToPrimary;
	}

	public void setFallbackToPrimary(boolean fallbackToPrimary) {
		this.fallbackToPrimary = fallbackToPrimary;
	}

	public Duration getMaxReplicationLag() {
		return this.maxReplicationLag;
	}

	public void setMaxReplicationLag(Duration maxReplicationLag) {
		this.maxReplicationLag = maxReplicationLag;
	}

	public ReadYourWrites getReadYourWrites() {
		return this.readYourWrites;
	}

	public Failover getFailover() {
		return this.failover;
	}

	public Health getHealth() {
		return this.health;
	}

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

		public int getFallbackMaxConcurrent() {
			return this.fallbackMaxConcurrent;
		}

		public void setFallbackMaxConcurrent(int fallbackMaxConcurrent) {
			this.fallbackMaxConcurrent = fallbackMaxConcurrent;
		}

		public Duration getFallbackMaxWait() {
			return this.fallbackMaxWait;
		}

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

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable String getDriverClassName() {
			return this.driverClassName;
		}

		public void setDriverClassName(@Nullable String driverClassName) {
			this.driverClassName = driverClassName;
		}

		public Map<String, String> getHikari() {
			return this.hikari;
		}

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

		public int getWeight() {
			return this.weight;
		}

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

		public Primary getPrimary() {
			return this.primary;
		}

		public Map<String, Replica> getReplicas() {
			return this.replicas;
		}

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

		public ReadYourWritesMode getMode() {
			return this.mode;
		}

		public void setMode(ReadYourWritesMode mode) {
			this.mode = mode;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

		public @Nullable String getTokenSecret() {
			return this.tokenSecret;
		}

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

		public FailoverMode getMode() {
			return this.mode;
		}

		public void setMode(FailoverMode mode) {
			this.mode = mode;
		}

		public int getConfirmations() {
			return this.confirmations;
		}

		public void setConfirmations(int confirmations) {
			this.confirmations = confirmations;
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

		public Duration getProbeInterval() {
			return this.probeInterval;
		}

		public void setProbeInterval(Duration probeInterval) {
			this.probeInterval = probeInterval;
		}

		public Duration getProbeTimeout() {
			return this.probeTimeout;
		}

		public void setProbeTimeout(Duration probeTimeout) {
			this.probeTimeout = probeTimeout;
		}

		public Duration getSlowStart() {
			return this.slowStart;
		}

		public void setSlowStart(Duration slowStart) {
			this.slowStart = slowStart;
		}

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

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public int getPermittedNumberOfCallsInHalfOpenState() {
			return this.permittedNumberOfCallsInHalfOpenState;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

		public void setPermittedNumberOfCallsInHalfOpenState(int permittedNumberOfCallsInHalfOpenState) {
			this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
		}

	}

}
