package io.github.replicarouting.autoconfigure;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.ClassUtils;

import io.github.replicarouting.NonTransactionalReads;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingTaskDecorator;
import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;

/**
 * The routing doctor: finds set-ups known to misroute, says each once at startup (a WARN) and
 * lists them for the {@code replicarouting} endpoint's {@code diagnostics}: a JTA transaction
 * manager, an application {@link TaskDecorator} that does not carry the routing context, Hibernate
 * releasing its connection after each statement, open-session-in-view with
 * {@code non-transactional-reads: replica}, a {@code DataSource} wrapper that routes connections
 * as soon as it takes them, and a MySQL or MariaDB replica whose user could write
 * (found by the replica's first probe, so listed once it has answered).
 */
public final class ReplicaRoutingDoctor implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ReplicaRoutingDoctor.class);

	private static final String JTA_TRANSACTION_MANAGER = "org.springframework.transaction.jta.JtaTransactionManager";

	private static final String OPEN_IN_VIEW = "org.springframework.orm.jpa.support.OpenEntityManagerInViewInterceptor";

	private final ListableBeanFactory beans;

	private final Environment environment;

	private final ReplicaRoutingProperties properties;

	private final @Nullable ReplicaMonitor monitor;

	private final Map<String, String> found = new LinkedHashMap<>();

	/**
	 * Create the doctor.
	 * @param beans the application's beans
	 * @param environment the application's environment
	 * @param properties the routing settings
	 * @param monitor the replicas' health, if monitored
	 */
	public ReplicaRoutingDoctor(ListableBeanFactory beans, Environment environment, ReplicaRoutingProperties properties,
			@Nullable ReplicaMonitor monitor) {
		this.beans = beans;
		this.environment = environment;
		this.properties = properties;
		this.monitor = monitor;
	}

	@Override
	public void afterSingletonsInstantiated() {
		checkTransactionManagers();
		checkTaskDecorators();
		checkHibernateRelease();
		checkOpenInView();
		checkDataSourceWrappers();
		this.found.values().forEach(logger::warn);
	}

	/**
	 * What is known to misroute, by check: those found at startup, then each replica whose user
	 * could write.
	 * @return a description of each problem and what to do, by the name of its check
	 */
	public Map<String, String> diagnostics() {
		Map<String, String> diagnostics = new LinkedHashMap<>(this.found);
		if (this.monitor != null) {
			for (ReplicaHealth replica : this.monitor.replicas()) {
				String risk = replica.writeRisk();
				if (risk != null) {
					diagnostics.put("replica-user-could-write." + replica.target().name(),
							replica.target().name() + " - " + risk);
				}
			}
		}
		return diagnostics;
	}

	private void checkTransactionManagers() {
		for (String name : this.beans.getBeanNamesForType(PlatformTransactionManager.class, false, false)) {
			Class<?> type = this.beans.getType(name, false);
			if (type != null && isA(type, JTA_TRANSACTION_MANAGER)) {
				this.found.put("jta-transaction-manager", "Transaction manager '" + name + "' is a JTA transaction "
						+ "manager: replica routing sees JDBC transactions, and the routing data source is no XA "
						+ "resource. A JTA transaction's writes through it are not part of the two-phase commit, and "
						+ "a connection enlisted before the transaction's read-only flag is known goes to the primary. "
						+ "Use a JpaTransactionManager or DataSourceTransactionManager for the routed database.");
				return;
			}
		}
	}

	private void checkTaskDecorators() {
		Map<String, TaskDecorator> decorators = this.beans.getBeansOfType(TaskDecorator.class, false, false);
		decorators.forEach((name, decorator) -> {
			if (!RoutingTaskDecorator.carriesRoutingContext(decorator)) {
				this.found.put("task-decorator", "Task decorator '" + name + "' does not carry the routing context: "
						+ "@Async methods and tasks on Spring's executors lose @UsePrimary, @ReadYourWrites and "
						+ "ReplicaRouting.onPrimary of the code that submitted them, and read from replicas. Compose "
						+ "it with a RoutingTaskDecorator: new CompositeTaskDecorator(List.of(yours, "
						+ "new RoutingTaskDecorator())).");
			}
		});
	}

	private void checkHibernateRelease() {
		String handling = this.environment.getProperty("spring.jpa.properties.hibernate.connection.handling_mode", "");
		String release = this.environment.getProperty("spring.jpa.properties.hibernate.connection.release_mode", "");
		if (handling.toUpperCase(Locale.ROOT).endsWith("AFTER_STATEMENT")
				|| release.equalsIgnoreCase("after_statement")) {
			this.found.put("hibernate-after-statement-release", "Hibernate gives its connection back after each "
					+ "statement (spring.jpa.properties.hibernate.connection.*): outside a transaction each "
					+ "statement of a session is routed on its own, so one page's reads can come from different "
					+ "replicas at different points in time. Leave Hibernate's default (release after the "
					+ "transaction), or run such work in a transaction.");
		}
	}

	private void checkOpenInView() {
		if (this.properties.getNonTransactionalReads() != NonTransactionalReads.REPLICA
				|| !ClassUtils.isPresent(OPEN_IN_VIEW, getClass().getClassLoader())) {
			return;
		}
		Class<?> openInView = ClassUtils.resolveClassName(OPEN_IN_VIEW, getClass().getClassLoader());
		String[] names = this.beans.getBeanNamesForType(openInView, false, false);
		if (names.length > 0) {
			this.found.put("open-in-view-with-replica-reads", "Open-session-in-view (spring.jpa.open-in-view) with "
					+ "replica-routing.non-transactional-reads=replica: lazy loads while a view renders run outside "
					+ "any transaction and go to replicas, so a page can show data older than what the same request "
					+ "just saved. Set spring.jpa.open-in-view=false, or keep non-transactional reads on the primary.");
		}
	}

	/**
	 * A wrapper around the routing data source (a proxy, a spy, an observation) that routes the
	 * connection as soon as it takes it, before the transaction's read-only flag is set.
	 */
	private void checkDataSourceWrappers() {
		this.beans.getBeansOfType(DataSource.class, false, false).forEach((name, dataSource) -> {
			try {
				if (!(dataSource instanceof ReplicaRoutingDataSource)
						&& dataSource.isWrapperFor(ReplicaRoutingDataSource.class)
						&& ReplicaRoutingDataSource.isRoutedWhenHandedOut(dataSource)) {
					this.found.put("data-source-wrapper", "Data source '" + name + "' (" + dataSource.getClass().getName()
							+ ") wraps the routing data source and routes each connection as soon as it takes it, before "
							+ "the transaction's read-only flag is set: read-only transactions go to the primary. "
							+ "Configure the wrapper not to run statements or read connection state when it takes a "
							+ "connection, or wrap the pools of the targets instead.");
				}
			}
			catch (SQLException | RuntimeException ex) {
				logger.debug("Could not check data source '" + name + "' for early routing: " + ex.getMessage());
			}
		});
	}

	private static boolean isA(Class<?> type, String className) {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			if (candidate.getName().equals(className)) {
				return true;
			}
		}
		return false;
	}

}
