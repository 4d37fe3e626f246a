package io.github.replicarouting.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.app.HealthTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Draining on real replication: when a replica leaves the rotation, ejected by an operator or its
 * breaker opened as a failed probe opens it, a read-only transaction running on it finishes on
 * the same server connection, while the pool's idle connections are closed at once; the busy one
 * is closed when it comes back. The server itself says which of its backends are gone
 * ({@code pg_stat_activity}).
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms",
				"replica-routing.replicas.replica-1.hikari.maximum-pool-size=5",
				"replica-routing.replicas.replica-1.hikari.minimum-idle=5" })
@ReplicatedPostgresTest(replicas = 1)
@DirtiesContext
class DrainingIT {

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void ejectedReplicaFinishesItsTransactionAndClosesItsIdleConnectionsAtOnce(ReplicatedPostgres cluster)
			throws Exception {
		ReplicaHealth replica = awaitUp();
		drain(cluster, replica, ReplicaHealth::eject);
		replica.readmit();
	}

	@Test
	void failingReplicaFinishesItsTransactionAndClosesItsIdleConnectionsAtOnce(ReplicatedPostgres cluster)
			throws Exception {
		ReplicaHealth replica = awaitUp();
		drain(cluster, replica, (health) -> health.breaker().transitionToOpenState());
		replica.breaker().transitionToClosedState();
	}

	private ReplicaHealth awaitUp() {
		ReplicaHealth replica = this.monitor.replica("replica-1").orElseThrow();
		await("replica-1 UP").atMost(Duration.ofSeconds(20)).until(replica::state, ReplicaState.UP::equals);
		return replica;
	}

	private void drain(ReplicatedPostgres cluster, ReplicaHealth replica, Consumer<ReplicaHealth> takeOut)
			throws Exception {
		HikariDataSource pool = replica.target().unwrap(HikariDataSource.class);
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		TransactionTemplate readOnly = new TransactionTemplate(this.transactions.getTransactionManager());
		readOnly.setReadOnly(true);
		CompletableFuture<List<Integer>> inFlight = CompletableFuture.supplyAsync(() -> readOnly.execute((status) -> {
			List<Integer> pids = new ArrayList<>();
			pids.add(this.jdbc.queryForObject("select pg_backend_pid() where pg_is_in_recovery()", Integer.class));
			running.countDown();
			awaitLatch(finish);
			pids.add(this.jdbc.queryForObject("select pg_backend_pid() from pg_class limit 1", Integer.class));
			return pids;
		}));
		assertThat(running.await(10, TimeUnit.SECONDS)).as("the transaction runs on replica-1").isTrue();
		Set<Integer> idle = idlePids(pool);
		try (Connection server = connect(cluster)) {
			assertThat(backends(server)).as("replica-1's backends").containsAll(idle);
			takeOut.accept(replica);
			assertThat(replica.isCandidate()).isFalse();
			await("replica-1's idle connections closed at the server").atMost(Duration.ofSeconds(2))
				.until(() -> backends(server).stream().noneMatch(idle::contains));
			int inFlightPid = this.inFlightPid(server, idle);
			finish.countDown();
			List<Integer> pids = inFlight.get(10, TimeUnit.SECONDS);
			System.out.printf("replica-1 taken out: idle backends %s closed at once, the in-flight one %s finished%n",
					idle, pids);
			assertThat(pids).as("both statements of the transaction on one backend").containsOnly(inFlightPid);
			await("the in-flight connection closed once given back").atMost(Duration.ofSeconds(5))
				.until(() -> !backends(server).contains(inFlightPid));
		}
	}

	/** The pool's idle connections' backends: every connection but the busy one, borrowed and given back. */
	private static Set<Integer> idlePids(HikariDataSource pool) throws SQLException {
		await("pool of 5").atMost(Duration.ofSeconds(10)).until(() -> pool.getHikariPoolMXBean().getTotalConnections() == 5);
		List<Connection> borrowed = new ArrayList<>();
		Set<Integer> pids = new HashSet<>();
		try {
			for (int i = 0; i < 4; i++) {
				Connection connection = pool.getConnection();
				borrowed.add(connection);
				pids.add(pid(connection));
			}
		}
		finally {
			for (Connection connection : borrowed) {
				connection.close();
			}
		}
		assertThat(pool.getHikariPoolMXBean().getIdleConnections()).isEqualTo(4);
		return pids;
	}

	/** The one backend of the pool's connections that was not idle: the in-flight transaction's. */
	private int inFlightPid(Connection server, Set<Integer> idle) throws SQLException {
		List<Integer> busy = new ArrayList<>();
		try (Statement statement = server.createStatement();
				ResultSet result = statement.executeQuery("select pid from pg_stat_activity where state = "
						+ "'idle in transaction' and pid <> pg_backend_pid()")) {
			while (result.next()) {
				busy.add(result.getInt(1));
			}
		}
		assertThat(busy).as("backends idle in a transaction").hasSize(1).doesNotContainAnyElementsOf(idle);
		return busy.get(0);
	}

	private static Set<Integer> backends(Connection server) throws SQLException {
		Set<Integer> pids = new HashSet<>();
		try (Statement statement = server.createStatement();
				ResultSet result = statement.executeQuery("select pid from pg_stat_activity "
						+ "where backend_type = 'client backend' and pid <> pg_backend_pid()")) {
			while (result.next()) {
				pids.add(result.getInt(1));
			}
		}
		return pids;
	}

	private static int pid(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static Connection connect(ReplicatedPostgres cluster) throws SQLException {
		ClusterNode node = cluster.replica("replica-1");
		return DriverManager.getConnection(node.jdbcUrl(), node.username(), node.password());
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
