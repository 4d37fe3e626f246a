package io.github.replicarouting.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.ReadOnlyRouteViolationException;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code non-transactional-reads: replica} the route of work outside a transaction is chosen
 * from its first statement: every PostgreSQL form that writes or locks, though it reads like a
 * query, runs on the primary, as the server itself reports ({@code inet_server_port()}), and a
 * plain query still runs on a replica. Every statement here is a plain {@code Statement}
 * ({@code JdbcTemplate} without arguments), routed by the first SQL it runs.
 */
@SpringBootTest(properties = "replica-routing.non-transactional-reads=replica")
@ReplicatedPostgresTest(replicas = 2)
@Import(RoutingRecorder.class)
@DirtiesContext
class StatementsThatWriteIT {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RoutingRecorder routing;

	@Autowired
	ReplicaMonitor monitor;

	@BeforeEach
	void createTable(ReplicatedPostgres cluster) {
		this.jdbc.execute("create table if not exists item (id bigint primary key)");
		this.jdbc.execute("create sequence if not exists item_seq");
		this.jdbc.update("insert into item (id) values (1) on conflict do nothing");
		cluster.awaitAllReplicated();
		await("every replica serves reads").atMost(Duration.ofSeconds(30))
			.until(() -> this.monitor.replicas().stream().allMatch((replica) -> replica.state() == ReplicaState.UP));
		this.routing.clear();
	}

	@Test
	void statementsThatWriteOrLockRunOnThePrimaryAndAPlainQueryOnAReplica(ReplicatedPostgres cluster) {
		Map<String, String> statements = new LinkedHashMap<>();
		statements.put("with ... insert", "with added as (insert into item (id) values (nextval('item_seq') + 1000) "
				+ "returning id) select inet_server_port() from added");
		statements.put("for update", "select inet_server_port() from item where id = 1 for update");
		statements.put("for share", "select inet_server_port() from item where id = 1 for share");
		statements.put("nextval", "select inet_server_port() where nextval('item_seq') > 0");
		statements.put("setval", "select inet_server_port() where setval('item_seq', 500) > 0");
		Map<String, Integer> ports = new LinkedHashMap<>();
		statements.forEach((form, sql) -> ports.put(form, this.jdbc.queryForObject(sql, Integer.class)));
		int plain = this.jdbc.queryForObject("select inet_server_port()", Integer.class);
		System.out.println("[statements] primary " + cluster.primary().port() + ", ran on " + ports + ", plain query on "
				+ plain + "; " + this.routing);

		assertThat(ports).allSatisfy((form, port) -> assertThat(port).as(form).isEqualTo(cluster.primary().port()));
		assertThat(plain).isIn(cluster.replica("replica-1").port(), cluster.replica("replica-2").port());
	}

	@Test
	void copyFromIsSentToThePrimary() {
		try {
			this.jdbc.execute("copy item (id) from stdin");
		}
		catch (DataAccessException ex) {
			// pgjdbc runs COPY only through its CopyManager: a plain statement fails there, after
			// the route was chosen. The route is what this asserts, and no read-only check refused it.
			assertThat(ex).isNotInstanceOf(ReadOnlyRouteViolationException.class);
		}

		assertThat(this.routing.decisions()).extracting(RoutingDecision::target)
			.containsExactly(RoutingDecision.PRIMARY);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
