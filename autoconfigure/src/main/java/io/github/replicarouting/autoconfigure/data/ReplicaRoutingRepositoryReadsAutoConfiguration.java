package io.github.replicarouting.autoconfigure.data;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;

import io.github.replicarouting.autoconfigure.OnRoutingDataSourceCondition;
import io.github.replicarouting.autoconfigure.ReplicaRoutingAutoConfiguration;
import io.github.replicarouting.autoconfigure.ReplicaRoutingProperties;

/**
 * Auto-configuration that routes Spring Data repository reads called outside a transaction
 * ({@code replica-routing.repository-reads}) when Spring Data is present: every repository
 * factory gets the routing advice for the repositories it creates.
 */
@AutoConfiguration(after = ReplicaRoutingAutoConfiguration.class)
@ConditionalOnClass(RepositoryFactoryBeanSupport.class)
@Conditional(OnRoutingDataSourceCondition.class)
public final class ReplicaRoutingRepositoryReadsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static RepositoryReadsBeanPostProcessor replicaRoutingRepositoryReadsBeanPostProcessor(
			ObjectProvider<ReplicaRoutingProperties> properties) {
		return new RepositoryReadsBeanPostProcessor(properties);
	}

}
