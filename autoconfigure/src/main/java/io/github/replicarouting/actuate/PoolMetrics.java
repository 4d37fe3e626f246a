package io.github.replicarouting.actuate;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import org.springframework.beans.factory.config.BeanPostProcessor;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.ShardedDataSource;

/**
 * HikariCP's pool metrics for every target's pool ({@code hikaricp.*}, tag
 * {@code pool=replica-routing-<target>}, or {@code replica-routing-<shard>-<target>} for a shard's). HikariCP takes its registry before the pool starts and
 * never after, while the application's registry may only exist later, so each pool gets a
 * composite registry as soon as the routing data source exists, and the application's registry
 * joins that composite when it is bound.
 */
public final class PoolMetrics implements BeanPostProcessor, MeterBinder {

	private final CompositeMeterRegistry pools = new CompositeMeterRegistry();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ShardedDataSource sharded) {
			sharded.getShards().values().forEach(this::trackPools);
		}
		if (bean instanceof ReplicaRoutingDataSource routing) {
			trackPools(routing);
		}
		return bean;
	}

	private void trackPools(ReplicaRoutingDataSource routing) {
		List<RoutingTarget> targets = new ArrayList<>(routing.getReplicas());
		targets.add(routing.getPrimary());
		for (RoutingTarget target : targets) {
			HikariDataSource pool = TargetDetails.hikari(target);
			if (pool != null && pool.getMetricRegistry() == null && pool.getMetricsTrackerFactory() == null
					&& pool.getHikariPoolMXBean() == null) {
				pool.setMetricRegistry(this.pools);
			}
		}
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.pools.add(registry);
	}

}
