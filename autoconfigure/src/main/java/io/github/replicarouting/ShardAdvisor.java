package io.github.replicarouting;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodClassKey;
import org.springframework.core.Ordered;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies {@link Shard @Shard}: evaluates its expression on the method's arguments and binds the
 * shard for the call, restoring the outer one in {@code finally}. Ordered before the transaction
 * advice, so that a transaction started inside the method takes its connection from that shard;
 * fails with {@link ShardMismatchException} when a transaction of another shard already runs.
 * {@code @Transactional} methods without {@code @Shard} are advised too, only so that an error for
 * want of a shard can name them.
 */
public final class ShardAdvisor extends AbstractPointcutAdvisor implements BeanFactoryAware {

	/**
	 * The order of this advisor: ahead of the transaction advice.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 90;

	private static final String TRANSACTIONAL = "org.springframework.transaction.annotation.Transactional";

	private static final String JTA_TRANSACTIONAL = "jakarta.transaction.Transactional";

	private static final Attribute NONE = new Attribute(null, "");

	/** Parses the {@code @Shard} expressions. */
	private final SpelExpressionParser parser = new SpelExpressionParser();

	/** Names the parameters the expressions refer to. */
	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	/** What each method asks for, resolved once. */
	private final Map<MethodClassKey, Attribute> attributes = new ConcurrentHashMap<>();

	/** The methods that name a shard or start a transaction. */
	private final Pointcut pointcut = new StaticMethodMatcherPointcut() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return attribute(method, targetClass) != NONE;
		}

		@Override
		public ClassFilter getClassFilter() {
			return (type) -> !type.getName().startsWith("java.");
		}

	};

	/** Binds the shard around the call. */
	private final Advice advice = (MethodInterceptor) this::invoke;

	/** Where the shard key resolver and the data source come from. */
	private @Nullable BeanFactory beanFactory;

	/** Looked up on first use. */
	private volatile @Nullable ShardedDataSource dataSource;

	/**
	 * Create the advisor.
	 */
	public ShardAdvisor() {
		setOrder(ORDER);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
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
		ShardContext.Binding outer = ShardContext.current();
		ShardContext.Binding binding;
		if (attribute.expression == null) {
			// @Transactional only: keeps the outer shard, names this method in errors.
			binding = new ShardContext.Binding((outer != null) ? outer.shard() : null, attribute.method);
		}
		else {
			String shard = evaluate(attribute, invocation, target);
			ShardedDataSource dataSource = dataSource();
			if (dataSource != null) {
				// Fails here, with this method's name, rather than wrapped by the transaction manager.
				dataSource.shardOf(new ShardContext.Binding(shard, attribute.method));
			}
			checkNoOtherShardRuns(outer, shard, attribute.method);
			binding = new ShardContext.Binding(shard, attribute.method);
		}
		ShardContext.Binding previous = ShardContext.bind(binding);
		try {
			return invocation.proceed();
		}
		finally {
			ShardContext.restore(previous);
		}
	}

	private String evaluate(Attribute attribute, MethodInvocation invocation, @Nullable Object target) {
		MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(target, invocation.getMethod(),
				invocation.getArguments(), this.parameterNames);
		if (this.beanFactory != null) {
			context.setBeanResolver(new BeanFactoryResolver(this.beanFactory));
		}
		Object value;
		try {
			value = attribute.expression.getValue(context);
		}
		catch (ExpressionException ex) {
			throw new NoShardException("@Shard(\"" + attribute.expression.getExpressionString() + "\") on "
					+ attribute.method + " could not be evaluated: " + ex.getMessage());
		}
		if (value == null) {
			throw new NoShardException("@Shard(\"" + attribute.expression.getExpressionString() + "\") on "
					+ attribute.method + " gave null: pass a shard name.");
		}
		return value.toString();
	}

	private void checkNoOtherShardRuns(ShardContext.@Nullable Binding outer, String shard, String method) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			return;
		}
		String running = runningShard(outer);
		if (running != null && !running.equals(shard)) {
			throw new ShardMismatchException(method, running, shard);
		}
	}

	/**
	 * The shard the running transaction took its connection from: the one bound then, as the
	 * sharded data source resolved it.
	 */
	private @Nullable String runningShard(ShardContext.@Nullable Binding outer) {
		if (outer != null && outer.shard() != null) {
			return outer.shard();
		}
		ShardedDataSource dataSource = dataSource();
		return (dataSource != null) ? dataSource.shardOf(outer) : null;
	}

	private @Nullable ShardedDataSource dataSource() {
		ShardedDataSource found = this.dataSource;
		if (found == null && this.beanFactory != null) {
			DataSource bean = this.beanFactory.getBeanProvider(DataSource.class).getIfUnique();
			try {
				found = (bean != null && bean.isWrapperFor(ShardedDataSource.class)) ? bean.unwrap(ShardedDataSource.class)
						: null;
			}
			catch (java.sql.SQLException ex) {
				found = null;
			}
			this.dataSource = found;
		}
		return found;
	}

	private Attribute attribute(Method method, Class<?> targetClass) {
		return this.attributes.computeIfAbsent(new MethodClassKey(method, targetClass),
				(key) -> attributeOf(AopUtils.getMostSpecificMethod(method, targetClass), targetClass));
	}

	private Attribute attributeOf(Method method, Class<?> targetClass) {
		String name = targetClass.getName() + "." + method.getName();
		Shard shard = find(method, targetClass);
		if (shard != null) {
			return new Attribute(this.parser.parseExpression(shard.value()), name);
		}
		MergedAnnotations onMethod = MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY);
		MergedAnnotations onClass = MergedAnnotations.from(targetClass, SearchStrategy.TYPE_HIERARCHY);
		for (String transactional : new String[] { TRANSACTIONAL, JTA_TRANSACTIONAL }) {
			if (onMethod.isPresent(transactional) || onClass.isPresent(transactional)) {
				return new Attribute(null, name);
			}
		}
		return NONE;
	}

	/** {@code @Shard} on the method, else on its class; supertypes and interfaces included. */
	private static @Nullable Shard find(Method method, Class<?> targetClass) {
		MergedAnnotation<Shard> onMethod = MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY).get(Shard.class);
		if (onMethod.isPresent()) {
			return onMethod.synthesize();
		}
		MergedAnnotation<Shard> onClass = MergedAnnotations.from(targetClass, SearchStrategy.TYPE_HIERARCHY)
			.get(Shard.class);
		return onClass.isPresent() ? onClass.synthesize() : null;
	}

	/**
	 * What a method asks for.
	 * @param expression the {@code @Shard} expression, or {@code null} for a
	 * {@code @Transactional} method without one
	 * @param method the method, as {@code Class.method}
	 */
	private record Attribute(@Nullable Expression expression, String method) {

	}

}
