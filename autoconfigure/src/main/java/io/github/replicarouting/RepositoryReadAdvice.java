package io.github.replicarouting;

import java.util.Optional;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a repository read called outside a transaction in the routing context of a read-only
 * read on a replica, seeing its scope's writes when so configured: exactly as a read-only
 * transaction inside {@code @ReadYourWrites} would be routed. A read inside a running transaction
 * keeps that transaction's connection, and one inside {@code @UsePrimary} or
 * {@link ReplicaRouting} goes where the caller asked. The previous context is restored in
 * {@code finally}.
 */
final class RepositoryReadAdvice implements MethodInterceptor {

	private final RepositoryReadMethods reads;

	private final boolean ownWrites;

	RepositoryReadAdvice(RepositoryReadMethods reads, boolean ownWrites) {
		this.reads = reads;
		this.ownWrites = ownWrites;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return invocation.proceed();
		}
		RoutingContext caller = RoutingContext.current();
		if (caller.force() != null) {
			return invocation.proceed();
		}
		Optional<String> read = this.reads.read(invocation.getMethod());
		if (read.isEmpty()) {
			return invocation.proceed();
		}
		RoutingContext previous = RoutingContext.enter(caller.forRepositoryRead(read.get(), this.ownWrites));
		try {
			return invocation.proceed();
		}
		finally {
			RoutingContext.restore(previous);
		}
	}

}
