package io.github.replicarouting.autoconfigure.web;

import java.time.Clock;

import jakarta.servlet.Filter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
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
import io.github.replicarouting.autoconfigure.OnRoutingDataSourceCondition;
import io.github.replicarouting.autoconfigure.ReplicaRoutingAutoConfiguration;

/**
 * Auto-configuration of read-your-writes across requests in servlet applications: the filter
 * that carries each client's consistency token. Backs off when the application resolves scopes
 * itself with a {@link ConsistencyScopeResolver}.
 */
@AutoConfiguration(after = ReplicaRoutingAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ Filter.class, OncePerRequestFilter.class })
@Conditional(OnRoutingDataSourceCondition.class)
@ConditionalOnMissingBean(ConsistencyScopeResolver.class)
public final class ReplicaRoutingWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConsistencyTokenFilter consistencyTokenFilter(ConsistencyTokens tokens) {
		return new ConsistencyTokenFilter(tokens, Clock.systemUTC());
	}

}
