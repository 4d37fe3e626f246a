package io.github.replicarouting;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the routing context ({@code @UsePrimary}, {@code @ReadYourWrites},
 * {@link ReplicaRouting}) and the consistency scope of the submitting thread to the thread that
 * runs the task: {@code @Async} methods and work on Spring-managed executors, including
 * {@code CompletableFuture} stages run on them, see the writes of the code that started them.
 */
public final class RoutingTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable runnable) {
		RoutingContext context = RoutingContext.current();
		ConsistencyScope scope = ConsistencyScopes.current();
		return () -> {
			RoutingContext previousContext = RoutingContext.enter(context);
			ConsistencyScope previousScope = ConsistencyScopes.bind(scope);
			try {
				runnable.run();
			}
			finally {
				ConsistencyScopes.restore(previousScope);
				RoutingContext.restore(previousContext);
			}
		};
	}

}
