package io.github.replicarouting;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One {@code replica.routing.route} observation per routed piece of work: where it went, why,
 * for which transaction, under the observation that was current when it was routed, from routing
 * to the end of the work; a failed route ends its observation with the failure.
 */
class RouteObservationTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1");

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void readOnlyTransactionShouldBeObservedOnItsReplicaUntilItEnds() {
		ReplicaRoutingDataSource dataSource = routing();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate readOnly = transactions(dataSource, "OrderService.find", true);
		Observation request = Observation.start("http.server.requests", this.registry);
		try (Observation.Scope scope = request.openScope()) {
			readOnly.executeWithoutResult((status) -> {
				jdbc.queryForObject("select name from whoami", String.class);
				// Still running: the observation covers the transaction, not just the routing.
				assertThat(this.registry).hasObservationWithNameEqualTo("replica.routing.route").that().isNotStopped();
			});
		}
		request.stop();

		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("replica.routing.route", 1)
			.hasObservationWithNameEqualTo("replica.routing.route")
			.that()
			.hasBeenStopped()
			.hasContextualNameEqualTo("replica-routing replica-1")
			.hasLowCardinalityKeyValue("target", "replica-1")
			.hasLowCardinalityKeyValue("reason", "read-only")
			.hasHighCardinalityKeyValue("transaction", "OrderService.find")
			.hasParentObservationEqualTo(request)
			.doesNotHaveError();
	}

	@Test
	void eachTransactionOnOneConnectionShouldBeObservedOnItsOwn() {
		ReplicaRoutingDataSource dataSource = routing();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		transactions(dataSource, "OrderService.place", false)
			.executeWithoutResult((status) -> jdbc.update("insert into item (name) values ('x')"));
		jdbc.queryForObject("select name from whoami", String.class);

		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("replica.routing.route", 2);
		assertThat(this.registry).hasAnObservation((observation) -> observation
			.hasLowCardinalityKeyValue("target", "primary")
			.hasLowCardinalityKeyValue("reason", "read-write")
			.hasHighCardinalityKeyValue("transaction", "OrderService.place"));
		assertThat(this.registry).hasAnObservation((observation) -> observation
			.hasLowCardinalityKeyValue("target", "primary")
			.hasLowCardinalityKeyValue("reason", "non-transactional")
			.doesNotHaveHighCardinalityKeyValueWithKey("transaction"));
		assertThat(this.registry).forAllObservationsWithNameEqualTo("replica.routing.route",
				(observation) -> observation.doesNotHaveError());
	}

	@Test
	void routeThatFailsShouldEndItsObservationWithTheFailure() {
		ReplicaRoutingDataSource dataSource = routingWithDeadReplica();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate readOnly = transactions(dataSource, "OrderService.find", true);

		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> readOnly
			.executeWithoutResult((status) -> jdbc.queryForObject("select name from whoami", String.class)));

		assertThat(this.registry).hasObservationWithNameEqualTo("replica.routing.route")
			.that()
			.hasBeenStopped()
			.hasError()
			.hasLowCardinalityKeyValue("target", "none");
	}

	private ReplicaRoutingDataSource routing() {
		ReplicaRoutingDataSource dataSource = ReplicaRoutingDataSource.builder(target("primary", this.databases.url("primary")))
			.replica(target("replica-1", this.databases.url("replica-1")))
			.observationRegistry(this.registry)
			.build();
		dataSource.start();
		return dataSource;
	}

	/** A replica whose pool cannot give a connection, and no fallback: no route at all. */
	private ReplicaRoutingDataSource routingWithDeadReplica() {
		ReplicaRoutingDataSource dataSource = ReplicaRoutingDataSource.builder(target("primary", this.databases.url("primary")))
			.replica(target("replica-1", "jdbc:h2:tcp://127.0.0.1:1/nowhere"))
			.fallbackToPrimary(false)
			.observationRegistry(this.registry)
			.build();
		dataSource.start();
		return dataSource;
	}

	private static TransactionTemplate transactions(ReplicaRoutingDataSource dataSource, String name, boolean readOnly) {
		TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		template.setName(name);
		template.setReadOnly(readOnly);
		return template;
	}

	private RoutingTarget target(String name, String url) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername("sa");
		pool.setMaximumPoolSize(2);
		pool.setConnectionTimeout(1000);
		pool.setInitializationFailTimeout(-1);
		this.pools.add(pool);
		return new RoutingTarget(name, pool, url, 1);
	}

}
