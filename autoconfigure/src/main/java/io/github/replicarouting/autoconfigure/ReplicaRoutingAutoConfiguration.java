package io.github.replicarouting.autoconfigure;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.util.Assert;

import io.github.replicarouting.ConsistencyScopeResolver;
import io.github.replicarouting.ConsistencyTokens;
import io.github.replicarouting.FailoverMode;
import io.github.replicarouting.ReadYourWritesMode;
import io.github.replicarouting.ReplicationPositions;
import io.github.replicarouting.RoutingTaskDecorator;
import io.github.replicarouting.ReplicaRouting;
import io.github.replicarouting.ReplicaRoutingAdvisor;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingListener;
import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.autoconfigure.ReplicaRoutingProperties.Replica;
import io.github.replicarouting.health.ConnectionFailures;
import io.github.replicarouting.health.DetectingReplicationPositions;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicationDialect;

/**
 * Auto-configuration for replica routing: a {@link ReplicaRoutingDataSource} over a primary pool
 * and one pool per replica, in place of Spring Boot's own data source, and the advisor that
 * applies {@code @UsePrimary}, {@code @ReadYourWrites}, {@code @MaxStaleness} and
 * {@code @AwaitReplication}.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ HikariDataSource.class, DataSource.class })
@ConditionalOnBooleanProperty(name = "replica-routing.enabled", matchIfMissing = true)
@Conditional(OnReplicasConfiguredCondition.class)
@EnableConfigurationProperties({ ReplicaRoutingProperties.class, DataSourceProperties.class })
@Import(ShardedReplicaRoutingConfiguration.class)
public final class ReplicaRoutingAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ReplicaRoutingAutoConfiguration.class);

	/**
	 * The targets, each with its pool: what the routing data source and the monitor are built
	 * over.
	 */
	@Bean
	@ConditionalOnMissingBean(DataSource.class)
	@Conditional(OnShardsConfiguredCondition.None.class)
	ReplicaRoutingTargets replicaRoutingTargets(ReplicaRoutingProperties properties,
			DataSourceProperties dataSourceProperties, ObjectProvider<JdbcConnectionDetails> connectionDetails,
			Environment environment) {
		PrimaryConnection primary = PrimaryConnection.resolve(properties.getPrimary(),
				connectionDetails.getIfAvailable(), dataSourceProperties);
		String primaryUrl = ReplicaRoutingConfigurationValidator.validate(properties, primary);
		return targets(primary, primaryUrl, primaryHikari(primary, properties.getPrimary(), environment),
				properties.getReplicas(), properties, "replica-routing", "replica-routing-");
	}

	/**
	 * A group's targets, each with its pool; the single group's, and each shard's.
	 * @param keyPrefix where the group is configured ({@code replica-routing} or
	 * {@code replica-routing.shards.<name>})
	 * @param poolPrefix what its pools' names start with
	 */
	static ReplicaRoutingTargets targets(PrimaryConnection primary, String primaryUrl, Map<String, String> primaryHikari,
			Map<String, Replica> configuredReplicas, ReplicaRoutingProperties properties, String keyPrefix,
			String poolPrefix) {
		RoutingTarget primaryTarget = TargetPools.create(RoutingDecision.PRIMARY, poolPrefix + RoutingDecision.PRIMARY,
				keyPrefix + ".primary", primaryUrl, primary.username(), primary.password(), primary.driverClassName(),
				primaryHikari, 1, true);
		boolean follow = properties.getFailover().getMode() == FailoverMode.FOLLOW;
		List<RoutingTarget> replicas = new ArrayList<>();
		configuredReplicas.forEach((name, replica) -> replicas.add(replica(name, replica, primary.username(),
				primary.password(), follow, keyPrefix, poolPrefix)));
		return new ReplicaRoutingTargets(primaryTarget, replicas);
	}

	@Bean
	@ConditionalOnBean(ReplicaRoutingTargets.class)
	ReplicaRoutingDataSource dataSource(ReplicaRoutingTargets targets, ReplicaRoutingProperties properties,
			ObjectProvider<ReplicaMonitor> monitor, ObjectProvider<RoutingListener> listeners,
			ObjectProvider<ConsistencyScopeResolver> scopeResolver, ReplicationPositions positions,
			ObjectProvider<ReplicaRoutingDataSourceBuilderCustomizer> customizers, ReplicaRoutingStartup startup) {
		ReplicaRoutingDataSource.Builder builder = builder(targets, properties, positions, monitor.getIfAvailable());
		scopeResolver.ifAvailable(builder::consistencyScopeResolver);
		listeners.orderedStream().forEach(builder::listener);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		ReplicaRoutingDataSource dataSource = builder.build();
		// Held here, not looked up by type later: a post-processor (p6spy, datasource-proxy,
		// datasource-micrometer) may replace the bean with a wrapper of another type.
		startup.starts(dataSource);
		return dataSource;
	}

	/**
	 * A group's routing data source as configured, before the application's listeners and
	 * customizers: the single group's, and each shard's.
	 */
	static ReplicaRoutingDataSource.Builder builder(ReplicaRoutingTargets targets, ReplicaRoutingProperties properties,
			ReplicationPositions positions, @Nullable ReplicaMonitor monitor) {
		ReplicaRoutingDataSource.Builder builder = ReplicaRoutingDataSource.builder(targets.primary())
			.loadBalancing(properties.getLoadBalancing())
			.nonTransactionalReads(properties.getNonTransactionalReads())
			.fallbackToPrimary(properties.isFallbackToPrimary())
			.fallbackBudget(fallbackMaxConcurrent(properties.getProtection(), targets.primary()),
					properties.getProtection().getFallbackMaxWait())
			.readYourWrites(properties.getReadYourWrites().getMode(), properties.getReadYourWrites().getWindow(),
					properties.getReadYourWrites().getMaxWait())
			.replicationPositions(positions);
		targets.replicas().forEach(builder::replica);
		if (monitor != null) {
			builder.health(monitor::health);
			monitor.failover().ifPresent(builder::failover);
		}
		return builder;
	}

	/**
	 * The configured limit, or half the primary's pool (at least one) when it is 0: the other half
	 * stays for the writes.
	 */
	private static int fallbackMaxConcurrent(ReplicaRoutingProperties.Protection protection, RoutingTarget primary) {
		int configured = protection.getFallbackMaxConcurrent();
		if (configured > 0) {
			return configured;
		}
		try {
			return Math.max(1, primary.unwrap(HikariDataSource.class).getMaximumPoolSize() / 2);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The primary's pool is built by TargetPools as a HikariDataSource", ex);
		}
	}

	/**
	 * A primary not configured under {@code replica-routing.primary} keeps its
	 * {@code spring.datasource.hikari.*} settings, as Spring Boot's own pool would, under those of
	 * {@code replica-routing.primary.hikari}.
	 */
	static Map<String, String> primaryHikari(PrimaryConnection connection,
			ReplicaRoutingProperties.Primary primary, Environment environment) {
		Map<String, String> hikari = new LinkedHashMap<>();
		if (connection.source() != PrimaryConnection.Source.REPLICA_ROUTING) {
			Binder.get(environment)
				.bind("spring.datasource.hikari", Bindable.mapOf(String.class, String.class))
				.ifBound(hikari::putAll);
		}
		hikari.putAll(primary.getHikari());
		return hikari;
	}

	private static RoutingTarget replica(String name, Replica replica, @Nullable String primaryUsername,
			@Nullable String primaryPassword, boolean mayTakeWrites, String keyPrefix, String poolPrefix) {
		String username = (replica.getUsername() != null) ? replica.getUsername() : primaryUsername;
		String password = (replica.getPassword() != null) ? replica.getPassword() : primaryPassword;
		String url = replica.getUrl();
		Assert.state(url != null, "validated");
		return TargetPools.create(name, poolPrefix + name, keyPrefix + ".replicas." + name, url, username, password,
				replica.getDriverClassName(), replica.getHikari(), replica.getWeight(), mayTakeWrites);
	}

	/**
	 * Log positions for causal read-your-writes, by the application's {@link ReplicationDialect}
	 * beans first, then the built-in dialects.
	 */
	@Bean
	@ConditionalOnMissingBean
	ReplicationPositions replicaRoutingReplicationPositions(ReplicaRoutingProperties properties,
			ObjectProvider<ReplicationDialect> dialects) {
		return new DetectingReplicationPositions(properties.getReadYourWrites().getMode() == ReadYourWritesMode.CAUSAL,
				dialects.orderedStream().toList());
	}

	/**
	 * The tokens of the servlet filter that carries consistency scopes between requests; in a
	 * servlet application only, since nothing else carries them.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnWebApplication(type = Type.SERVLET)
	ConsistencyTokens replicaRoutingConsistencyTokens(ReplicaRoutingProperties properties) {
		String secret = properties.getReadYourWrites().getTokenSecret();
		if (secret == null) {
			logger.info("replica-routing.read-your-writes.token-secret is not set: consistency tokens are signed "
					+ "with a random key of this instance, which other instances do not accept. Set the same secret "
					+ "on every instance that serves the same clients.");
			return ConsistencyTokens.withRandomKey();
		}
		ReplicaRoutingConfigurationValidator.validateTokenSecret(secret);
		return ConsistencyTokens.withSecret(secret);
	}

	@Bean
	@ConditionalOnMissingBean(TaskDecorator.class)
	RoutingTaskDecorator replicaRoutingTaskDecorator() {
		return new RoutingTaskDecorator();
	}

	/**
	 * The health of every target, which the routing data source is built with: probes, and each
	 * replica's circuit breaker. The application's {@link ReplicationDialect} beans are tried
	 * before the built-in dialects.
	 */
	@Bean
	@ConditionalOnBean(ReplicaRoutingTargets.class)
	@ConditionalOnMissingBean
	ReplicaMonitor replicaMonitor(ReplicaRoutingTargets targets, ReplicaRoutingProperties properties,
			ObjectProvider<CircuitBreakerRegistry> breakers, ReplicationPositions positions,
			ObjectProvider<ReplicationDialect> dialects) {
		CircuitBreakerConfig defaults = circuitBreakerConfig(properties.getHealth().getCircuitBreaker());
		return monitor(targets, properties, breakers.getIfAvailable(() -> CircuitBreakerRegistry.of(defaults)),
				positions, dialects.orderedStream().toList());
	}

	/**
	 * A group's monitor, with its own probes and the breakers of {@code breakers}: the single
	 * group's, and each shard's.
	 */
	static ReplicaMonitor monitor(ReplicaRoutingTargets targets, ReplicaRoutingProperties properties,
			CircuitBreakerRegistry breakers, ReplicationPositions positions, List<ReplicationDialect> dialects) {
		ReplicaRoutingProperties.Health health = properties.getHealth();
		CircuitBreakerConfig defaults = circuitBreakerConfig(health.getCircuitBreaker());
		return new ReplicaMonitor(targets.primary(), targets.replicas(), breakers, defaults,
				new HikariProbeConnections(health.getProbeTimeout()),
				new ReplicaMonitor.Settings(health.getProbeInterval(), health.getProbeTimeout(),
						properties.getMaxReplicationLag(), properties.getFailover().getMode(),
						properties.getFailover().getConfirmations(), health.getSlowStart(),
						properties.getFailover().getLostWrites()),
				Clock.systemUTC(), positions, dialects);
	}

	static CircuitBreakerConfig circuitBreakerConfig(ReplicaRoutingProperties.CircuitBreaker breaker) {
		return CircuitBreakerConfig.custom()
			.failureRateThreshold(breaker.getFailureRateThreshold())
			.slidingWindowSize(breaker.getSlidingWindowSize())
			.minimumNumberOfCalls(breaker.getMinimumNumberOfCalls())
			.waitDurationInOpenState(breaker.getWaitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(breaker.getPermittedNumberOfCallsInHalfOpenState())
			.recordException(ConnectionFailures::isConnectionFailure)
			.build();
	}

	@Bean
	@ConditionalOnBean(ReplicaRoutingTargets.class)
	static ReplicaRoutingStartup replicaRoutingStartup(ObjectProvider<ReplicaMonitor> monitor,
			ObjectProvider<ReplicaRoutingAdvisor> advisor, ObjectProvider<ReplicationPositions> positions,
			ListableBeanFactory beans) {
		return new ReplicaRoutingStartup(monitor, advisor, positions, beans);
	}

	@Bean
	@ConditionalOnBean(ReplicaRoutingDataSource.class)
	@ConditionalOnMissingBean
	ReplicaRoutingDoctor replicaRoutingDoctor(ListableBeanFactory beans, Environment environment,
			ReplicaRoutingProperties properties, ObjectProvider<ReplicaMonitor> monitor) {
		return new ReplicaRoutingDoctor(beans, environment, properties, monitor.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	RoutingStatistics routingStatistics() {
		return new RoutingStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	ReplicaRouting replicaRouting() {
		return new ReplicaRouting();
	}

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ReplicaRoutingAdvisor replicaRoutingAdvisor() {
		return new ReplicaRoutingAdvisor();
	}

}
