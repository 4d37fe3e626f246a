package io.github.replicarouting;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The read-only advisor: named read-write transactions that only read are counted as candidates
 * for {@code readOnly = true}; one that writes, locks, calls a procedure or takes the physical
 * connection for itself, even once, is not.
 */
class ReadOnlyCandidatesTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1");

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final RoutingStatistics statistics = new RoutingStatistics();

	private final ReplicaRoutingDataSource dataSource = routing();

	private final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void readWriteTransactionThatOnlyReadsShouldBeCountedAsCandidate() {
		for (int i = 0; i < 3; i++) {
			readWrite("OrderService.find").executeWithoutResult((status) -> {
				this.jdbc.queryForObject("select name from whoami", String.class);
				this.jdbc.queryForObject("select count(*) from item where name = ?", Long.class, "primary");
			});
		}

		assertThat(this.statistics.readOnlyCandidates()).containsExactly(entry("OrderService.find", 3L));
		assertThat(this.statistics.readWriteTransactionsWithoutWrites("OrderService.find")).isEqualTo(3);
	}

	@Test
	void transactionsThatWriteOrLockShouldNotBeCandidates() {
		readWrite("prepared").executeWithoutResult((status) -> this.jdbc.update("insert into item (name) values (?)", "x"));
		readWrite("plain").executeWithoutResult((status) -> this.jdbc.execute("insert into item (name) values ('y')"));
		readWrite("batch").executeWithoutResult((status) -> this.jdbc
			.batchUpdate("update item set name = 'z' where id = 1"));
		readWrite("locking").executeWithoutResult(
				(status) -> this.jdbc.queryForList("select name from item where id = 1 for update", String.class));
		readWrite("unwrapped").executeWithoutResult((status) -> this.jdbc.execute((java.sql.Connection connection) -> {
			java.sql.Connection physical = connection.unwrap(java.sql.Connection.class);
			return physical.unwrap(org.h2.jdbc.JdbcConnection.class);
		}));

		assertThat(this.statistics.readOnlyCandidates()).isEmpty();
	}

	@Test
	void transactionThatWritesOnlySometimesShouldNotBeCandidateButItsReadsAreCounted() {
		readWrite("OrderService.maybeUpdate").executeWithoutResult(
				(status) -> this.jdbc.queryForObject("select name from whoami", String.class));
		readWrite("OrderService.maybeUpdate").executeWithoutResult(
				(status) -> this.jdbc.update("update item set name = 'w' where id = 1"));

		assertThat(this.statistics.readOnlyCandidates()).isEmpty();
		assertThat(this.statistics.readWriteTransactionsWithoutWrites("OrderService.maybeUpdate")).isOne();
	}

	@Test
	void readOnlyUnnamedAndNonTransactionalWorkShouldNotBeCounted() {
		TransactionTemplate readOnly = readWrite("OrderService.list");
		readOnly.setReadOnly(true);
		readOnly.executeWithoutResult((status) -> this.jdbc.queryForObject("select name from whoami", String.class));
		new TransactionTemplate(new DataSourceTransactionManager(this.dataSource))
			.executeWithoutResult((status) -> this.jdbc.queryForObject("select name from whoami", String.class));
		this.jdbc.queryForObject("select name from whoami", String.class);

		assertThat(this.statistics.readOnlyCandidates()).isEmpty();
	}

	@Test
	void newTransactionNamesShouldReachTheCallbackOnce() {
		List<String> names = new ArrayList<>();
		readWrite("first").executeWithoutResult((status) -> this.jdbc.queryForObject("select 1", Integer.class));
		this.statistics.eachTransactionName(names::add);
		readWrite("second").executeWithoutResult((status) -> this.jdbc.queryForObject("select 1", Integer.class));
		readWrite("second").executeWithoutResult((status) -> this.jdbc.queryForObject("select 1", Integer.class));

		assertThat(names).containsExactly("first", "second");
	}

	private TransactionTemplate readWrite(String name) {
		TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		template.setName(name);
		return template;
	}

	private ReplicaRoutingDataSource routing() {
		ReplicaRoutingDataSource routing = ReplicaRoutingDataSource.builder(target("primary"))
			.replica(target("replica-1"))
			.listener(this.statistics)
			.build();
		routing.start();
		return routing;
	}

	private RoutingTarget target(String name) {
		return this.databases.pooled(name, this.pools);
	}

}
