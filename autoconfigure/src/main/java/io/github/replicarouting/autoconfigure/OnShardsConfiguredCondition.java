package io.github.replicarouting.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when at least one shard is configured under {@code replica-routing.shards}.
 */
class OnShardsConfiguredCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Replica routing shards");
		Map<String, Object> shards = shards(context.getEnvironment());
		if (shards.isEmpty()) {
			return ConditionOutcome.noMatch(message.didNotFind("property").items("replica-routing.shards"));
		}
		return ConditionOutcome.match(message.found("shards").items(shards.keySet()));
	}

	static Map<String, Object> shards(Environment environment) {
		return Binder.get(environment)
			.bind("replica-routing.shards", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
	}

	/**
	 * Matches when no shard is configured: the single group.
	 */
	static final class None extends NoneNestedConditions {

		None() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(OnShardsConfiguredCondition.class)
		static final class Sharded {

		}

	}

}
