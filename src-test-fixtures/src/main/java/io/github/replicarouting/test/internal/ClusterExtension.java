package io.github.replicarouting.test.internal;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What every fixture's JUnit Jupiter extension does: one cluster per test class (its
 * {@code @Nested} classes share it), started before the class and closed after it, injected into
 * any parameter of the cluster's type. A class whose cluster runs in containers is skipped
 * without a Docker engine, or fails in {@code beforeAll} with the reason when Docker is required.
 */
public abstract class ClusterExtension
		implements BeforeAllCallback, AfterAllCallback, ParameterResolver, ExecutionCondition {

	private final TestClassClusters<?, ?> clusters;

	protected ClusterExtension(TestClassClusters<?, ?> clusters) {
		this.clusters = clusters;
	}

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		return context.getTestClass()
			.map(this.clusters::condition)
			.orElseGet(() -> ConditionEvaluationResult.enabled("not a test class"));
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.clusters.cluster(context.getRequiredTestClass());
	}

	/** Closes the cluster after the class that owns it; JUnit runs this after its nested classes. */
	@Override
	public void afterAll(ExtensionContext context) {
		this.clusters.closeIfOwner(context.getRequiredTestClass());
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == this.clusters.clusterType();
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return this.clusters.cluster(extensionContext.getRequiredTestClass());
	}

}
