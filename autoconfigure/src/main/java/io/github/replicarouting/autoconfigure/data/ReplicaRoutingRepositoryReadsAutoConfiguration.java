package io.github.replicarouting.autoconfigure.data;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.autoconfigure.ReplicaRoutingAutoConfiguration;
import io.github.replicarouting.autoconfigure.ReplicaRoutingShards;
import io.github.replicarouting.autoconfigure.ReplicaRoutingProperties;

/**
 * Auto-configuration that routes Spring Data repository reads called outside a transaction
 * ({@code replica-routing.repository-reads}) when Spring Data is present: every repository
 * factory gets the routing advice for the repositories it creates.
 */
@AutoConfiguration(after = ReplicaRoutingAutoConfiguration.class)
@ConditionalOnClass(RepositoryFactoryBeanSupport.class)
@Conditional(ReplicaRoutingRepositoryReadsAutoConfiguration.OnRoutingDataSource.class)
public final class ReplicaRoutingRepositoryReadsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static RepositoryReadsBeanPostProcessor replicaRoutingRepositoryReadsBeanPostProcessor(
			ObjectProvider<ReplicaRoutingProperties> properties) {
		return new RepositoryReadsBeanPostProcessor(properties);
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
