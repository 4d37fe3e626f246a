package io.github.replicarouting.autoconfigure.web;

import java.time.Clock;

import jakarta.servlet.Filter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.filter.OncePerRequestFilter;

import io.github.replicarouting.ConsistencyScopeResolver;
import io.github.replicarouting.ConsistencyTokenFilter;
import io.github.replicarouting.ConsistencyTokens;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.autoconfigure.ReplicaRoutingAutoConfiguration;
import io.github.replicarouting.autoconfigure.ReplicaRoutingShards;

/**
 * Auto-configuration of read-your-writes across requests in servlet applications: the filter
 * that carries each client's consistency token. Backs off when the application resolves scopes
 * itself with a {@link ConsistencyScopeResolver}.
 */
@AutoConfiguration(after = ReplicaRoutingAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ Filter.class, OncePerRequestFilter.class })
@Conditional(ReplicaRoutingWebAutoConfiguration.OnRoutingDataSource.class)
@ConditionalOnMissingBean(ConsistencyScopeResolver.class)
public final class ReplicaRoutingWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConsistencyTokenFilter consistencyTokenFilter(ConsistencyTokens tokens) {
		return new ConsistencyTokenFilter(tokens, Clock.systemUTC());
	}

	/**
	 * A single group's routing data source, or shards.
	 */
	static final class OnRoutingDataSource extends AnyNestedCondition {

		OnRoutingDataSource() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(ReplicaRoutingDataSource.class)
		static final class SingleGroup {

		}

		@ConditionalOnBean(ReplicaRoutingShards.class)
		static final class Shards {

		}

	}

}
