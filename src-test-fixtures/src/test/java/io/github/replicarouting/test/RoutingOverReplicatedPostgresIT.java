package io.github.replicarouting.test;

import java.util.List;

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
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.UsePrimary;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static io.github.replicarouting.test.RoutingAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The README's example, for real: the routing library over a replicated cluster, with the node
 * that served each transaction reported by the server itself ({@code inet_server_port()}).
 */
@SpringBootTest
@ReplicatedPostgresTest(replicas = 2)
@Import(RoutingRecorder.class)
@DirtiesContext
class RoutingOverReplicatedPostgresIT {

	@Autowired
	ServerPorts serverPorts;

	@Autowired
	RoutingRecorder routing;

	@BeforeEach
	void clearRouting() {
		this.routing.clear();
	}

	@Test
	void readOnlyTransactionRunsOnTheReplicaItWasRoutedTo(ReplicatedPostgres cluster) {
		int port = this.serverPorts.inReadOnlyTransaction();

		assertThat(this.routing).routedToAnyReplica();
		String replica = this.routing.decisions().get(0).target();
		assertThat(port).isEqualTo(cluster.replica(replica).port());
	}

	@Test
	void readWriteTransactionRunsOnThePrimary(ReplicatedPostgres cluster) {
		int port = this.serverPorts.inReadWriteTransaction();

		assertThat(this.routing).routedToPrimary();
		assertThat(port).isEqualTo(cluster.primary().port());
	}

	@Test
	void aFunctionThatWritesIsRefusedByThePrimaryInAReadOnlyTransaction(ReplicatedPostgres cluster) {
		this.serverPorts.createAuditFunction();

		// pgjdbc's setReadOnly(true) begins the transaction READ ONLY: the primary refuses the write.
		assertThatThrownBy(() -> this.serverPorts.auditInReadOnlyTransactionOnPrimary("read-only"))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("read-only transaction");
		assertThat(this.routing).routedToPrimary();
		assertThat(this.serverPorts.auditInReadWriteTransaction("read-write")).isEqualTo(cluster.primary().port());
		assertThat(this.serverPorts.auditRows()).containsExactly("read-write");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ServerPorts.class)
	static class Application {

	}

	static class ServerPorts {

		private final JdbcTemplate jdbc;

		ServerPorts(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional(readOnly = true)
		public int inReadOnlyTransaction() {
			return this.jdbc.queryForObject("select inet_server_port()", Integer.class);
		}

		@Transactional
		public int inReadWriteTransaction() {
			return this.jdbc.queryForObject("select inet_server_port()", Integer.class);
		}

		@Transactional
		public void createAuditFunction() {
			this.jdbc.execute("create table if not exists audit (body text not null)");
			this.jdbc.execute("create or replace function audit(b text) returns int language plpgsql as "
					+ "$$ begin insert into audit (body) values (b); return inet_server_port(); end $$");
		}

		@UsePrimary
		@Transactional(readOnly = true)
		public int auditInReadOnlyTransactionOnPrimary(String body) {
			return this.jdbc.queryForObject("select audit(?)", Integer.class, body);
		}

		@Transactional
		public int auditInReadWriteTransaction(String body) {
			return this.jdbc.queryForObject("select audit(?)", Integer.class, body);
		}

		@Transactional(readOnly = true)
		@UsePrimary
		public List<String> auditRows() {
			return this.jdbc.queryForList("select body from audit", String.class);
		}

	}

}
