package io.github.replicarouting.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.StringUtils;

import io.github.replicarouting.ConsistencyTokens;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.autoconfigure.ReplicaRoutingProperties.CircuitBreaker;
import io.github.replicarouting.autoconfigure.ReplicaRoutingProperties.Replica;
import io.github.replicarouting.autoconfigure.ReplicaRoutingProperties.Shard;

/**
 * Checks {@code replica-routing.*} before any pool is built, so that a mistake fails startup with
 * the key to fix rather than later with a confusing connection error.
 */
final class ReplicaRoutingConfigurationValidator {

	private static final String PREFIX = "replica-routing.";

	// Names end up in metric tags, pool names and Actuator paths: keep them to what all three take.
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

	private static final Pattern PASSWORD_IN_USER_INFO = Pattern.compile("[^/]*//[^/?;#:@]*:[^/@]*@");

	private ReplicaRoutingConfigurationValidator() {
	}

	/**
	 * Check the configuration, failing with the key to fix.
	 * @return the primary's URL
	 */
	static String validate(ReplicaRoutingProperties properties, PrimaryConnection primary) {
		String primaryUrl = primary.url();
		if (primaryUrl == null || !StringUtils.hasText(primaryUrl)) {
			throw new InvalidReplicaRoutingConfigurationException(PREFIX + "primary.url", "no primary URL is set",
					"Set replica-routing.primary.url, or spring.datasource.url, to the JDBC URL of the primary, or "
							+ "let @ServiceConnection or Docker Compose support provide its JdbcConnectionDetails.");
		}
		if (primary.source() != PrimaryConnection.Source.CONNECTION_DETAILS) {
			noPasswordInUserInfo(primaryUrl, (primary.source() == PrimaryConnection.Source.REPLICA_ROUTING)
					? PREFIX + "primary" : "spring.datasource");
		}
		validateReplicas(properties.getReplicas(), primaryUrl, PREFIX + "replicas");
		validateSettings(properties);
		return primaryUrl;
	}

	/**
	 * Check {@code replica-routing.shards.*} and the settings every shard takes, failing with the
	 * key to fix.
	 */
	static void validateShards(ReplicaRoutingProperties properties) {
		if (properties.getPrimary().getUrl() != null || !properties.getReplicas().isEmpty()) {
			String key = (properties.getPrimary().getUrl() != null) ? PREFIX + "primary.url" : PREFIX + "replicas";
			throw new InvalidReplicaRoutingConfigurationException(key,
					"both " + key + " and " + PREFIX + "shards are set",
					"Configure either one group (" + PREFIX + "primary and " + PREFIX + "replicas) or several ("
							+ PREFIX + "shards.<name>.primary and .replicas), not both: move " + key + " under a shard.");
		}
		Map<String, String> seen = new HashMap<>();
		properties.getShards().forEach((name, shard) -> validateShard(name, shard, seen));
		String defaultShard = properties.getDefaultShard();
		if (defaultShard != null && !properties.getShards().containsKey(defaultShard)) {
			throw new InvalidReplicaRoutingConfigurationException(PREFIX + "default-shard",
					"the default shard '" + defaultShard + "' is not one of the shards " + properties.getShards().keySet(),
					"Set " + PREFIX + "default-shard to one of " + properties.getShards().keySet() + ", or remove it.");
		}
		validateSettings(properties);
	}

	private static void validateShard(String name, Shard shard, Map<String, String> seen) {
		String key = PREFIX + "shards." + name;
		if (!NAME.matcher(name).matches()) {
			throw new InvalidReplicaRoutingConfigurationException(key, "'" + name + "' is not a valid shard name",
					"Name the shard with letters, digits, '-' and '_' only, starting with a letter or digit.");
		}
		String previous = seen.put(name.toLowerCase(Locale.ROOT), name);
		if (previous != null) {
			throw new InvalidReplicaRoutingConfigurationException(key,
					"the shard name '" + name + "' is used twice (as '" + previous + "' too)",
					"Give each shard a distinct name (names are compared ignoring case).");
		}
		String primaryUrl = shard.getPrimary().getUrl();
		if (primaryUrl == null || !StringUtils.hasText(primaryUrl)) {
			throw new InvalidReplicaRoutingConfigurationException(key + ".primary.url", "the shard has no primary URL",
					"Set " + key + ".primary.url to the JDBC URL of the shard's primary.");
		}
		noPasswordInUserInfo(primaryUrl, key + ".primary");
		validateReplicas(shard.getReplicas(), primaryUrl, key + ".replicas");
	}

	private static void validateSettings(ReplicaRoutingProperties properties) {
		positive("max-replication-lag", properties.getMaxReplicationLag());
		positive("read-your-writes.window", properties.getReadYourWrites().getWindow());
		notNegative("read-your-writes.max-wait", properties.getReadYourWrites().getMaxWait());
		validateTokenSecret(properties.getReadYourWrites().getTokenSecret());
		positive("health.probe-interval", properties.getHealth().getProbeInterval());
		positive("health.probe-timeout", properties.getHealth().getProbeTimeout());
		notNegative("health.slow-start", properties.getHealth().getSlowStart());
		validateCircuitBreaker(properties.getHealth().getCircuitBreaker());
		int confirmations = properties.getFailover().getConfirmations();
		if (confirmations < 1) {
			throw new InvalidReplicaRoutingConfigurationException(PREFIX + "failover.confirmations",
					"the confirmations are " + confirmations + " but must be at least 1",
					"Set " + PREFIX + "failover.confirmations to the number of probe rounds in a row (1 or more) that "
							+ "must find one node the only writable one before writes move there.");
		}
		validateProtection(properties.getProtection());
	}

	private static void validateReplicas(Map<String, Replica> replicas, String primaryUrl, String prefix) {
		Map<String, String> seen = new HashMap<>();
		replicas.forEach((name, replica) -> validateReplica(name, replica, primaryUrl, prefix, seen));
	}

	private static void validateReplica(String name, Replica replica, String primaryUrl, String prefix,
			Map<String, String> seen) {
		String key = prefix + "." + name;
		validateReplicaName(name, prefix, seen);
		if (!StringUtils.hasText(replica.getUrl())) {
			throw new InvalidReplicaRoutingConfigurationException(key + ".url", "the replica has no URL",
					"Set " + key + ".url to the JDBC URL of the replica.");
		}
		noPasswordInUserInfo(replica.getUrl(), key);
		if (replica.getUrl().strip().equals(primaryUrl.strip())) {
			throw new InvalidReplicaRoutingConfigurationException(key + ".url",
					"the replica's URL is the primary's URL",
					"Point " + key + ".url at the replica, or remove the replica.");
		}
		if (replica.getWeight() <= 0) {
			throw new InvalidReplicaRoutingConfigurationException(key + ".weight",
					"the weight is " + replica.getWeight() + " but must be greater than 0",
					"Set " + key + ".weight to a whole number of 1 or more.");
		}
	}

	private static void validateReplicaName(String name, String prefix, Map<String, String> seen) {
		String key = prefix + "." + name;
		if (!StringUtils.hasText(name)) {
			throw new InvalidReplicaRoutingConfigurationException(prefix,
					"a replica has an empty name", "Give every replica a name, such as replica-1.");
		}
		if (!NAME.matcher(name).matches() || name.equalsIgnoreCase(RoutingDecision.PRIMARY)) {
			throw new InvalidReplicaRoutingConfigurationException(key, "'" + name + "' is not a valid replica name",
					"Name the replica with letters, digits, '-' and '_' only, starting with a letter or digit, "
							+ "and other than 'primary'.");
		}
		String previous = seen.put(name.toLowerCase(Locale.ROOT), name);
		if (previous != null) {
			throw new InvalidReplicaRoutingConfigurationException(key,
					"the replica name '" + name + "' is used twice (as '" + previous + "' too)",
					"Give each replica a distinct name (names are compared ignoring case).");
		}
	}

	/**
	 * Drivers that do not take user info in the URL (PostgreSQL's, MariaDB's) quote it in their
	 * errors ("Incorrect port value : secret@db"), and HikariCP logs those errors and masks only
	 * {@code password=} parameters in the URLs it logs.
	 */
	private static void noPasswordInUserInfo(String url, String prefix) {
		if (PASSWORD_IN_USER_INFO.matcher(url).lookingAt()) {
			throw new InvalidReplicaRoutingConfigurationException(prefix + ".url",
					"the URL carries a password in its user info (user:password@host), which JDBC drivers and "
							+ "HikariCP would show in their messages and logs",
					"Remove the user name and password from the URL and set " + prefix + ".username and " + prefix
							+ ".password instead.");
		}
	}

	/**
	 * A secret that is set must be long enough to key an HMAC-SHA256. The message never shows the
	 * secret, only its length.
	 */
	static void validateTokenSecret(@Nullable String secret) {
		if (secret == null) {
			return;
		}
		int length = secret.getBytes(StandardCharsets.UTF_8).length;
		if (length < ConsistencyTokens.MIN_SECRET_LENGTH) {
			throw new InvalidReplicaRoutingConfigurationException(PREFIX + "read-your-writes.token-secret",
					"the secret is " + length + " bytes long but must be at least " + ConsistencyTokens.MIN_SECRET_LENGTH,
					"Set it to a random value of at least " + ConsistencyTokens.MIN_SECRET_LENGTH
							+ " characters, the same on every instance (for example the output of "
							+ "'openssl rand -base64 32'), or remove it to have each instance use a random key of its own.");
		}
	}

	private static void validateCircuitBreaker(CircuitBreaker breaker) {
		String prefix = "health.circuit-breaker.";
		if (breaker.getFailureRateThreshold() <= 0 || breaker.getFailureRateThreshold() > 100) {
			throw new InvalidReplicaRoutingConfigurationException(PREFIX + prefix + "failure-rate-threshold",
					"the threshold is " + breaker.getFailureRateThreshold() + " but must be greater than 0 and at most 100",
					"Set it to a percentage, such as 50.");
		}
		atLeastOne(prefix + "sliding-window-size", breaker.getSlidingWindowSize());
		atLeastOne(prefix + "minimum-number-of-calls", breaker.getMinimumNumberOfCalls());
		atLeastOne(prefix + "permitted-number-of-calls-in-half-open-state",
				breaker.getPermittedNumberOfCallsInHalfOpenState());
		positive(prefix + "wait-duration-in-open-state", breaker.getWaitDurationInOpenState());
	}

	private static void atLeastOne(String key, int value) {
		if (value < 1) {
			throw new InvalidReplicaRoutingConfigurationException(PREFIX + key,
					"the value is " + value + " but must be greater than 0", "Set it to 1 or more.");
		}
	}

	private static void validateProtection(ReplicaRoutingProperties.Protection protection) {
		if (protection.getFallbackMaxConcurrent() < 0) {
			throw new InvalidReplicaRoutingConfigurationException(PREFIX + "protection.fallback-max-concurrent",
					"the value is " + protection.getFallbackMaxConcurrent() + " but must not be negative",
					"Set " + PREFIX + "protection.fallback-max-concurrent to the number of reads that may run on the "
							+ "primary at once for lack of a replica, or to 0 for half the primary's pool.");
		}
		notNegative("protection.fallback-max-wait", protection.getFallbackMaxWait());
	}

	private static void positive(String key, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidReplicaRoutingConfigurationException(PREFIX + key,
					"the duration is " + print(value) + " but must be greater than 0",
					"Set " + PREFIX + key + " to a positive duration, such as 2s or 500ms.");
		}
	}

	private static void notNegative(String key, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidReplicaRoutingConfigurationException(PREFIX + key,
					"the duration is " + print(value) + " but must not be negative",
					"Set " + PREFIX + key + " to 0ms or a positive duration.");
		}
	}

	private static String print(@Nullable Duration value) {
		return (value != null) ? DurationStyle.SIMPLE.print(value) : "not set";
	}

}
