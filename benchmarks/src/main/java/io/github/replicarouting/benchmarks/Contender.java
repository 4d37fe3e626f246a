package io.github.replicarouting.benchmarks;

import java.time.Duration;
import java.util.function.IntSupplier;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import io.github.replicarouting.AwaitReplication;
import io.github.replicarouting.ReadYourWritesMode;
import io.github.replicarouting.ReplicaRoutingAdvisor;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingStatistics;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.health.DetectingReplicationPositions;

/**
 * Everything measured: plain HikariCP, this project's router, and its peers. Each sets up the
 * same {@link TransactionalWork} over the same servers, with the same pool settings
 * ({@link Pools}); the peers are configured as their documentation recommends for read/write
 * splitting (docs/benchmarks.md records how).
 */
enum Contender {

	/**
	 * The baseline: no routing layer, a plain HikariCP pool straight to the server the work
	 * lands on (read-only transactions to the replica's pool, read-write ones to the primary's),
	 * with the same settings the router's pools have.
	 */
	HIKARI("hikari") {

		@Override
		TransactionalWork open(Endpoints endpoints) {
			HikariDataSource primary = Pools.primary("hikari-primary", endpoints);
			HikariDataSource replica = Pools.replica("hikari-replica", endpoints);
			return new TransactionalWork(endpoints.database(), replica, primary, TransactionalWork.ReadScope.NONE,
					primary, replica);
		}

	},

	/**
	 * {@link ReplicaRoutingDataSource} built directly over two HikariCP pools, no listener: the
	 * routing hot path alone.
	 */
	ROUTER("router") {

		@Override
		TransactionalWork open(Endpoints endpoints) {
			return router(endpoints, false, ReadYourWritesMode.WINDOW);
		}

	},

	/**
	 * The router as the auto-configuration builds it: with {@link RoutingStatistics} listening
	 * to every decision (the source of the metrics and the Actuator endpoint), and the fallback
	 * budget of half the primary's pool.
	 */
	ROUTER_WITH_STATISTICS("router-statistics") {

		@Override
		TransactionalWork open(Endpoints endpoints) {
			return router(endpoints, true, ReadYourWritesMode.WINDOW);
		}

	},

	/**
	 * The router with statistics and causal read-your-writes: every read-write transaction takes a
	 * ticket of the primary's position sampler (no I/O; the position is read when a read of the
	 * scope or a token needs it, which never happens here). Against {@code router-statistics},
	 * the cost of causal mode for writes.
	 */
	ROUTER_CAUSAL("router-causal") {

		@Override
		TransactionalWork open(Endpoints endpoints) {
			return router(endpoints, true, ReadYourWritesMode.CAUSAL);
		}

	},

	/**
	 * The router with statistics in window mode, each read-write transaction inside a method
	 * annotated {@code @AwaitReplication(replicas = 1)} (applied by the
	 * {@link ReplicaRoutingAdvisor}, as in an application): the call returns once the replica has
	 * replayed the write. Against {@code router-statistics}, the cost of awaiting a write.
	 */
	ROUTER_AWAIT("router-await") {

		@Override
		TransactionalWork open(Endpoints endpoints) {
			TransactionalWork work = router(endpoints, true, ReadYourWritesMode.WINDOW);
			ProxyFactory factory = new ProxyFactory(new AwaitedWrites());
			factory.addAdvisor(new ReplicaRoutingAdvisor());
			return work.writingThrough((AwaitedWrite) factory.getProxy());
		}

	},

	/**
	 * Spring Framework's {@link LazyConnectionDataSourceProxy} with a read-only data source
	 * (Spring 6.1+): the built-in way, one replica.
	 */
	SPRING_LAZY("spring-lazy") {

		@Override
		TransactionalWork open(Endpoints endpoints) {
			HikariDataSource primary = Pools.primary("lazy-primary", endpoints);
			HikariDataSource replica = Pools.replica("lazy-replica", endpoints);
			LazyConnectionDataSourceProxy proxy = new LazyConnectionDataSourceProxy(primary);
			proxy.setReadOnlyDataSource(replica);
			return new TransactionalWork(endpoints.database(), proxy, proxy, TransactionalWork.ReadScope.NONE, primary,
					replica);
		}

	},

	/**
	 * The AWS Advanced JDBC Wrapper's simple read/write splitting plugin ({@code srw}) under a
	 * HikariCP pool.
	 */
	AWS_SRW("aws-srw") {

		@Override
		TransactionalWork open(Endpoints endpoints) {
			return AwsWrapperPeer.open(endpoints);
		}

	},

	/**
	 * Apache ShardingSphere-JDBC's read-write splitting rule over two HikariCP pools.
	 */
	SHARDINGSPHERE("shardingsphere") {

		@Override
		TransactionalWork open(Endpoints endpoints) {
			return ShardingSpherePeer.open(endpoints);
		}

	},

	/**
	 * baomidou dynamic-datasource's Spring Boot 4 starter, a master and a slave group.
	 */
	DYNAMIC_DATASOURCE("dynamic-datasource") {

		@Override
		TransactionalWork open(Endpoints endpoints) {
			return DynamicDataSourcePeer.open(endpoints);
		}

	};

	/** A write inside an {@code @AwaitReplication} method. */
	public interface AwaitedWrite {

		int write(IntSupplier transaction);

	}

	/** The annotated method: it runs the transaction; the advisor waits for a replica after it. */
	static final class AwaitedWrites implements AwaitedWrite {

		@Override
		@AwaitReplication(replicas = 1, timeout = "10s")
		public int write(IntSupplier transaction) {
			return transaction.getAsInt();
		}

	}

	private final String id;

	Contender(String id) {
		this.id = id;
	}

	/**
	 * Set up this contender's work over {@code endpoints}.
	 * @param endpoints the servers
	 * @return the work, to be closed after the benchmark
	 */
	abstract TransactionalWork open(Endpoints endpoints);

	String id() {
		return this.id;
	}

	static Contender of(String id) {
		for (Contender contender : values()) {
			if (contender.id.equals(id)) {
				return contender;
			}
		}
		throw new IllegalArgumentException("Unknown contender '" + id + "'");
	}

	private static TransactionalWork router(Endpoints endpoints, boolean statistics, ReadYourWritesMode mode) {
		HikariDataSource primary = Pools.primary("replica-routing-primary", endpoints);
		HikariDataSource replica = Pools.replica("replica-routing-replica-1", endpoints);
		ReplicaRoutingDataSource.Builder builder = ReplicaRoutingDataSource
			.builder(new RoutingTarget(RoutingDecision.PRIMARY, primary, endpoints.primaryUrl(), 1))
			.replica(new RoutingTarget("replica-1", replica, endpoints.replicaUrl(), 1));
		if (statistics) {
			builder.listener(new RoutingStatistics()).fallbackBudget(Math.max(1, Pools.SIZE / 2), Duration.ofSeconds(1));
		}
		if (mode == ReadYourWritesMode.CAUSAL) {
			builder.readYourWrites(mode, Duration.ofSeconds(2), Duration.ZERO);
		}
		// Positions for every router: window mode reads none for its writes, @AwaitReplication needs them.
		builder.replicationPositions(new DetectingReplicationPositions(mode == ReadYourWritesMode.CAUSAL));
		ReplicaRoutingDataSource router = builder.build();
		router.start();
		return new TransactionalWork(endpoints.database(), router, router, TransactionalWork.ReadScope.NONE, router);
	}

}
