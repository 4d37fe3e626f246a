package io.github.replicarouting;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With {@code non-transactional-reads: replica}, a plain {@link Statement} created outside a
 * transaction is routed by the first SQL it runs, as a prepared statement is, and keeps what was
 * set on it before.
 */
class PlainStatementRoutingTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1");

	private final List<RoutingDecision> decisions = new ArrayList<>();

	private final List<HikariDataSource> pools = new ArrayList<>();

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void jdbcTemplateQueryWithoutArgumentsShouldReadOnAReplicaAndAWriteOnThePrimary() {
		JdbcTemplate jdbc = new JdbcTemplate(routing(NonTransactionalReads.REPLICA));

		String read = jdbc.queryForObject("select name from whoami", String.class);
		jdbc.execute("insert into item (name) values ('plain')");

		assertThat(read).isEqualTo("replica-1");
		assertThat(this.databases.count("primary", "select count(*) from item where name = 'plain'")).isOne();
		assertThat(this.decisions).extracting(RoutingDecision::target).containsExactly("replica-1", "primary");
	}

	@Test
	void settingsGivenBeforeTheFirstSqlShouldApplyOnTheRoutedStatement() throws SQLException {
		try (Connection connection = routing(NonTransactionalReads.REPLICA).getConnection();
				Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(7);
			statement.setMaxRows(1);
			assertThat(statement).hasToString("Statement not routed yet");
			assertThat(this.decisions).as("routed before any SQL").isEmpty();
			assertThat(statement.getConnection()).isSameAs(connection);

			try (ResultSet rows = statement.executeQuery("select name from whoami union all select 'again'")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("replica-1");
				assertThat(rows.next()).as("a second row, beyond max rows").isFalse();
			}
			assertThat(statement.getQueryTimeout()).isEqualTo(7);
		}
	}

	@Test
	void statementClosedBeforeAnySqlShouldTakeNoConnection() throws SQLException {
		ReplicaRoutingDataSource dataSource = routing(NonTransactionalReads.REPLICA);
		try (Connection connection = dataSource.getConnection()) {
			Statement statement = connection.createStatement();
			statement.setFetchSize(10);
			statement.close();

			assertThat(statement.isClosed()).isTrue();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.executeQuery("select 1"));
		}
		assertThat(this.decisions).isEmpty();
		assertThat(dataSource.getPrimary().inFlight()).isZero();
	}

	@Test
	void statementAskedForSomethingBeforeAnySqlShouldBeRoutedWithoutSqlToThePrimary() throws SQLException {
		try (Connection connection = routing(NonTransactionalReads.REPLICA).getConnection();
				Statement statement = connection.createStatement()) {
			assertThat(statement.getFetchSize()).isNotNegative();
			try (ResultSet rows = statement.executeQuery("select name from whoami")) {
				rows.next();
				assertThat(rows.getString(1)).isEqualTo("primary");
			}
		}
		assertThat(this.decisions).extracting(RoutingDecision::reason).containsExactly(RoutingReason.NON_TRANSACTIONAL);
	}

	@Test
	void withNonTransactionalReadsOnThePrimaryAPlainStatementShouldBeRoutedAtOnce() throws SQLException {
		try (Connection connection = routing(NonTransactionalReads.PRIMARY).getConnection();
				Statement statement = connection.createStatement()) {
			assertThat(this.decisions).extracting(RoutingDecision::target).containsExactly("primary");
			assertThat(isDeferred(statement)).as("deferred where the SQL cannot change the route").isFalse();
		}
	}

	private ReplicaRoutingDataSource routing(NonTransactionalReads nonTransactionalReads) {
		ReplicaRoutingDataSource dataSource = ReplicaRoutingDataSource.builder(target("primary"))
			.replica(target("replica-1"))
			.nonTransactionalReads(nonTransactionalReads)
			.listener(this.decisions::add)
			.build();
		dataSource.start();
		return dataSource;
	}

	private RoutingTarget target(String name) {
		return this.databases.pooled(name, this.pools);
	}

	private static boolean isDeferred(Statement statement) {
		return Proxy.isProxyClass(statement.getClass()) && Proxy.getInvocationHandler(statement) instanceof DeferredStatement;
	}

}
