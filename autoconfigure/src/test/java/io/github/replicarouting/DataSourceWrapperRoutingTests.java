package io.github.replicarouting;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.p6spy.engine.spy.P6DataSource;
import com.p6spy.engine.spy.P6SpyOptions;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import net.ttddyy.observation.tracing.DataSourceObservationListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing through the {@code DataSource} wrappers applications put around it: datasource-proxy,
 * p6spy and datasource-micrometer (Micrometer's JDBC observations, which read the connection's
 * metadata as soon as it is taken). The routing connection stays unrouted until the first
 * statement, so what they do before it cannot send a read-only transaction to the primary.
 */
class DataSourceWrapperRoutingTests {

	private static final TestObservationRegistry observations = TestObservationRegistry.create();

	private final H2Targets databases = H2Targets.create("primary", "replica-1");

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final List<RoutingDecision> decisions = new ArrayList<>();

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	static Stream<Arguments> wrappers() {
		// p6spy logs through SLF4J rather than to a spy.log file in the working directory.
		P6SpyOptions.getActiveInstance().setAppender("com.p6spy.engine.spy.appender.Slf4JLogger");
		Function<DataSource, DataSource> proxy = (routing) -> ProxyDataSourceBuilder.create(routing).name("proxy").build();
		Function<DataSource, DataSource> p6spy = P6DataSource::new;
		Function<DataSource, DataSource> micrometer = (routing) -> {
			DataSourceObservationListener listener = new DataSourceObservationListener(observations);
			return ProxyDataSourceBuilder.create(routing).name("observed").listener(listener).methodListener(listener).build();
		};
		return Stream.of(Arguments.of("datasource-proxy", proxy), Arguments.of("p6spy", p6spy),
				Arguments.of("datasource-micrometer", micrometer));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("wrappers")
	void transactionsShouldBeRoutedOnTheirReadOnlyFlagThroughTheWrapper(String name,
			Function<DataSource, DataSource> wrapper) {
		DataSource wrapped = wrapper.apply(routing());
		JdbcTemplate jdbc = new JdbcTemplate(wrapped);
		TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(wrapped));
		readOnly.setReadOnly(true);
		TransactionTemplate readWrite = new TransactionTemplate(new DataSourceTransactionManager(wrapped));

		for (int i = 0; i < 3; i++) {
			String read = readOnly.execute((status) -> whoami(jdbc));
			String written = readWrite.execute((status) -> {
				jdbc.update("insert into item (name) values ('written')");
				return whoami(jdbc);
			});
			assertThat(read).isEqualTo("replica-1");
			assertThat(written).isEqualTo("primary");
		}

		assertThat(this.decisions).extracting(RoutingDecision::reason)
			.containsExactly(RoutingReason.READ_ONLY, RoutingReason.READ_WRITE, RoutingReason.READ_ONLY,
					RoutingReason.READ_WRITE, RoutingReason.READ_ONLY, RoutingReason.READ_WRITE);
		assertThat(this.databases.count("replica-1", "select count(*) from item where name = 'written'")).isZero();
		if (name.equals("datasource-micrometer")) {
			TestObservationRegistryAssert.assertThat(observations).hasObservationWithNameEqualTo("jdbc.connection");
		}
	}

	private static String whoami(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select name from whoami", String.class);
	}

	private ReplicaRoutingDataSource routing() {
		ReplicaRoutingDataSource routing = ReplicaRoutingDataSource.builder(target("primary"))
			.replica(target("replica-1"))
			.listener(this.decisions::add)
			.build();
		routing.start();
		return routing;
	}

	private RoutingTarget target(String name) {
		return this.databases.pooled(name, this.pools);
	}

}
