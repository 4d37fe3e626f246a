package io.github.replicarouting;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the routing context ({@code @UsePrimary}, {@code @ReadYourWrites},
 * {@link ReplicaRouting}), the {@link Shard @Shard} shard and the consistency scope of the submitting thread to the thread that
 * runs the task: {@code @Async} methods and work on Spring-managed executors, including
 * {@code CompletableFuture} stages run on them, see the writes of the code that started them.
 */
public final class RoutingTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable runnable) {
		RoutingContext context = RoutingContext.current();
		ConsistencyScope scope = ConsistencyScopes.current();
		ShardContext.Binding shard = ShardContext.current();
		return () -> {
			RoutingContext previousContext = RoutingContext.enter(context);
			ConsistencyScope previousScope = ConsistencyScopes.bind(scope);
			ShardContext.Binding previousShard = ShardContext.bind(shard);
			try {
				runnable.run();
			}
			finally {
				ShardContext.restore(previousShard);
				ConsistencyScopes.restore(previousScope);
				RoutingContext.restore(previousContext);
			}
		};
	}

	/**
	 * Whether {@code decorator} carries the routing context to the task, as a
	 * {@code RoutingTaskDecorator} or one that composes it does: tried on a task that does
	 * nothing but look, run on the calling thread once its own context is gone.
	 * @param decorator an application's task decorator
	 * @return {@code true} if the task sees the context of the code that submitted it
	 */
	public static boolean carriesRoutingContext(TaskDecorator decorator) {
		RoutingContext marker = RoutingContext.NONE.withForce(RoutingContext.Force.PRIMARY, "diagnostics");
		RoutingContext[] seen = new RoutingContext[1];
		Runnable decorated;
		RoutingContext previous = RoutingContext.enter(marker);
		try {
			decorated = decorator.decorate(() -> seen[0] = RoutingContext.current());
		}
		finally {
			RoutingContext.restore(previous);
		}
		decorated.run();
		return seen[0] == marker;
	}

}
