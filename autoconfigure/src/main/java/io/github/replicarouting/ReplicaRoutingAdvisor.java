package io.github.replicarouting;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.MethodClassKey;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

import io.github.replicarouting.RoutingContext.Force;

/**
 * Applies {@link UsePrimary}, {@link ReadYourWrites}, {@link MaxStaleness} and
 * {@link AwaitReplication}, found on the method
 * or its class, their supertypes and interfaces included. A Spring AOP advisor rather than an
 * AspectJ aspect, so it needs nothing beyond {@code spring-aop}; ordered before the transaction advice (which Spring
 * orders last by default), so that a transaction started inside the method sees what it asked
 * for. The previous routing context is restored in {@code finally}.
 */
public final class ReplicaRoutingAdvisor extends AbstractPointcutAdvisor {

	/**
	 * The order of this advisor: ahead of the transaction advice and of most others.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	/** What each method asks for, resolved once. */
	private final Map<MethodClassKey, Attribute> attributes = new ConcurrentHashMap<>();

	/** The methods that ask for a route. */
	private final Pointcut pointcut = new StaticMethodMatcherPointcut() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return attribute(method, targetClass) != Attribute.NONE;
		}

		@Override
		public ClassFilter getClassFilter() {
			return (type) -> !type.getName().startsWith("java.");
		}

	};

	/** Binds the route around the call. */
	private final Advice advice = (MethodInterceptor) this::invoke;

	/**
	 * Create the advisor.
	 */
	public ReplicaRoutingAdvisor() {
		setOrder(ORDER);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.advice;
	}

	private @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass();
		Attribute attribute = attribute(invocation.getMethod(), targetClass);
		if (attribute == Attribute.NONE) {
			return invocation.proceed();
		}
		RoutingContext context = RoutingContext.current();
		if (attribute.usePrimary) {
			context = context.withForce(Force.PRIMARY, attribute.method);
		}
		if (attribute.readYourWrites) {
			context = context.withReadYourWrites(attribute.method);
		}
		if (attribute.maxStalenessMillis != RoutingContext.UNBOUNDED) {
			context = context.withMaxStaleness(attribute.maxStalenessMillis, attribute.method);
		}
		if (attribute.await == null) {
			return proceedIn(context, invocation);
		}
		ReplicationWait outer = context.replicationWait();
		ReplicationWait wait = new ReplicationWait();
		Object result = proceedIn(context.withReplicationWait(wait), invocation);
		if (outer != null) {
			// An enclosing call waits for these writes too, and fails the same way when they lag.
			wait.addTo(outer);
		}
		wait.await(attribute.await.replicas(), attribute.await.timeout(), attribute.method);
		return result;
	}

	private static @Nullable Object proceedIn(RoutingContext context, MethodInvocation invocation) throws Throwable {
		RoutingContext previous = RoutingContext.enter(context);
		try {
			return invocation.proceed();
		}
		finally {
			RoutingContext.restore(previous);
		}
	}

	/**
	 * The methods annotated {@link AwaitReplication} that this advisor was asked about so far
	 * (every such method of a bean proxied at startup), as {@code Class.method}, with the number
	 * of replicas each waits for: what the auto-configuration checks the database against.
	 * @return the methods and their replica counts
	 */
	public Map<String, Integer> replicationAwaits() {
		Map<String, Integer> awaits = new TreeMap<>();
		this.attributes.values().forEach((attribute) -> {
			if (attribute.await != null) {
				awaits.put(attribute.method, attribute.await.replicas());
			}
		});
		return awaits;
	}

	private Attribute attribute(Method method, Class<?> targetClass) {
		return this.attributes.computeIfAbsent(new MethodClassKey(method, targetClass),
				(key) -> Attribute.of(AopUtils.getMostSpecificMethod(method, targetClass), targetClass));
	}

	private record Attribute(boolean usePrimary, boolean readYourWrites, long maxStalenessMillis,
			@Nullable Await await, String method) {

		static final Attribute NONE = new Attribute(false, false, RoutingContext.UNBOUNDED, null, "");

		static Attribute of(Method method, Class<?> targetClass) {
			boolean usePrimary = isAnnotated(method, targetClass, UsePrimary.class);
			boolean readYourWrites = isAnnotated(method, targetClass, ReadYourWrites.class);
			MaxStaleness maxStaleness = find(method, targetClass, MaxStaleness.class);
			AwaitReplication awaitReplication = find(method, targetClass, AwaitReplication.class);
			if (!usePrimary && !readYourWrites && maxStaleness == null && awaitReplication == null) {
				return NONE;
			}
			String name = targetClass.getName() + "." + method.getName();
			long maxStalenessMillis = (maxStaleness != null)
					? AnnotatedDurations.positive(maxStaleness.value(), "@MaxStaleness", name).toMillis()
					: RoutingContext.UNBOUNDED;
			Await await = (awaitReplication != null) ? Await.of(awaitReplication, name) : null;
			return new Attribute(usePrimary, readYourWrites, maxStalenessMillis, await, name);
		}

		private static boolean isAnnotated(Method method, Class<?> targetClass, Class<? extends Annotation> type) {
			return find(method, targetClass, type) != null;
		}

		/** The annotation on the method, else on its class; supertypes and interfaces included. */
		private static <A extends Annotation> @Nullable A find(Method method, Class<?> targetClass, Class<A> type) {
			MergedAnnotation<A> onMethod = MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY).get(type);
			if (onMethod.isPresent()) {
				return onMethod.synthesize();
			}
			MergedAnnotation<A> onClass = MergedAnnotations.from(targetClass, SearchStrategy.TYPE_HIERARCHY).get(type);
			return onClass.isPresent() ? onClass.synthesize() : null;
		}

	}

	/** What {@link AwaitReplication} asks for, checked when the method is first seen. */
	private record Await(int replicas, Duration timeout) {

		static Await of(AwaitReplication annotation, String method) {
			if (annotation.replicas() < 1) {
				throw new IllegalArgumentException("@AwaitReplication(replicas = " + annotation.replicas() + ") on "
						+ method + ": replicas must be at least 1.");
			}
			return new Await(annotation.replicas(),
					AnnotatedDurations.positive(annotation.timeout(), "@AwaitReplication(timeout)", method));
		}

	}

}
