package io.github.replicarouting.autoconfigure;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;

import io.github.replicarouting.ReplicaRoutingDataSource;

/**
 * Matches when routing is set up: a single group's {@link ReplicaRoutingDataSource}, or shards.
 * For the auto-configurations that apply to either (the consistency token filter, repository
 * reads).
 */
public final class OnRoutingDataSourceCondition extends AnyNestedCondition {

	OnRoutingDataSourceCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnBean(ReplicaRoutingDataSource.class)
	static final class SingleGroup {

	}

	@ConditionalOnBean(ReplicaRoutingShards.class)
	static final class Shards {

	}

}
