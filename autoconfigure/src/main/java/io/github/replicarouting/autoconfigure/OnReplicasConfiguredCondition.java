package io.github.replicarouting.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when at least one replica is configured under {@code replica-routing.replicas}, or a
 * shard under {@code replica-routing.shards}. Without one there is nothing to route to, and
 * Spring Boot's own data source is left in place.
 */
class OnReplicasConfiguredCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Replica routing replicas");
		Map<String, Object> replicas = Binder.get(context.getEnvironment())
			.bind("replica-routing.replicas", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		Map<String, Object> shards = OnShardsConfiguredCondition.shards(context.getEnvironment());
		if (!shards.isEmpty()) {
			return ConditionOutcome.match(message.found("shards").items(shards.keySet()));
		}
		if (replicas.isEmpty()) {
			return ConditionOutcome.noMatch(message.didNotFind("property").items("replica-routing.replicas"));
		}
		return ConditionOutcome.match(message.found("replicas").items(replicas.keySet()));
	}

}
