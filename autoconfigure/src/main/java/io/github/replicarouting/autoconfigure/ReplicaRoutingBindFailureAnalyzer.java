package io.github.replicarouting.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains what Spring Boot's binder cannot bind under {@code replica-routing.*}: an unknown value
 * of a choice (such as {@code load-balancing}), with the valid values as they are written in
 * configuration, and a replica without a name. Ordered
 * ahead of Spring Boot's general bind analyzer, which lists enum constants in upper case.
 */
class ReplicaRoutingBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		Class<?> type = cause.getTarget().getType().resolve();
		if (type == null || !cause.getName().toString().startsWith("replica-routing.")) {
			return null;
		}
		if (type == ReplicaRoutingProperties.Replica.class) {
			return new FailureAnalysis(
					"Replica routing could not start. Invalid configuration at 'replica-routing.replicas': '"
							+ cause.getName() + "' is not a replica (a replica has an empty name, or its settings are "
							+ "not nested under its name).",
					"Give every replica a name, such as replica-routing.replicas.replica-1.url.", cause);
		}
		if (cause.getProperty() == null || !type.isEnum()) {
			return null;
		}
		String key = cause.getProperty().getName().toString();
		String valid = Arrays.stream(type.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.collect(Collectors.joining(", "));
		return new FailureAnalysis(
				"Replica routing could not start. Invalid configuration at '" + key + "': '"
						+ cause.getProperty().getValue() + "' is not a valid value.",
				"Set " + key + " to one of: " + valid + ".", cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
