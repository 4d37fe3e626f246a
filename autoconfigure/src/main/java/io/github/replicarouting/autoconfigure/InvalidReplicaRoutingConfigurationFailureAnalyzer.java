package io.github.replicarouting.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidReplicaRoutingConfigurationException} at startup.
 */
class InvalidReplicaRoutingConfigurationFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidReplicaRoutingConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidReplicaRoutingConfigurationException cause) {
		return new FailureAnalysis("Replica routing could not start. " + cause.getMessage(), cause.getAction(), cause);
	}

}
