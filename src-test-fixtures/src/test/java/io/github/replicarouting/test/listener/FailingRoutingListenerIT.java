package io.github.replicarouting.test.listener;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingListener;
import io.github.replicarouting.test.PoolUsage;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * User code cannot break routing: a {@link RoutingListener} bean that throws on every routed
 * connection fails no transaction and keeps no pooled connection, so the application goes on at
 * its usual pace instead of stalling once the pools are drained. Small pools with a short
 * connection timeout, over real replication.
 */
@SpringBootTest(properties = { "replica-routing.primary.hikari.maximum-pool-size=3",
		"replica-routing.primary.hikari.connection-timeout=" + FailingRoutingListenerIT.CONNECTION_TIMEOUT_MILLIS,
		"replica-routing.replicas.replica-1.hikari.maximum-pool-size=3",
		"replica-routing.replicas.replica-1.hikari.connection-timeout=" + FailingRoutingListenerIT.CONNECTION_TIMEOUT_MILLIS,
		"replica-routing.replicas.replica-2.hikari.maximum-pool-size=3",
		"replica-routing.replicas.replica-2.hikari.connection-timeout=" + FailingRoutingListenerIT.CONNECTION_TIMEOUT_MILLIS })
@ReplicatedPostgresTest(replicas = 2)
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class FailingRoutingListenerIT {

	static final long CONNECTION_TIMEOUT_MILLIS = 1000;

	private static final int TRANSACTIONS = 100;

	private static final Pattern REPORT = Pattern.compile("routing listener .* threw; ignored");

	@Autowired
	Work work;

	@Autowired
	FailingListener listener;

	@Autowired
	ReplicaRoutingDataSource dataSource;

	@BeforeEach
	void createTable() {
		this.work.createTable();
	}

	@AfterEach
	void stopFailing() {
		this.listener.failing.set(false);
	}

	@Test
	void listenerThatThrowsFailsNoTransactionAndKeepsNoConnection(ReplicatedPostgres cluster, CapturedOutput output) {
		this.listener.failing.set(true);
		long started = System.nanoTime();
		Failures failures = runTransactions();
		int listenerCalls = this.listener.calls.get();
		Timed read = Timed.of(this.work::read);
		Timed write = Timed.of(this.work::write);
		long elapsedMinutes = Duration.ofNanos(System.nanoTime() - started).toMinutes();

		SoftAssertions.assertSoftly((softly) -> {
			softly.assertThat(failures.count()).as("transactions failed (first: %s)", failures.first()).isZero();
			softly.assertThat(listenerCalls).as("listener calls, each one a throw").isEqualTo(TRANSACTIONS);
			softly.assertThat(PoolUsage.of(this.dataSource))
				.as("active (HikariPoolMXBean) / in-flight connections by target")
				.isEqualTo(PoolUsage.idle(this.dataSource));
			softly.assertThat(read.failure()).as("a read afterwards").isNull();
			softly.assertThat(write.failure()).as("a write afterwards").isNull();
			softly.assertThat(read.port()).as("the read ran on a replica")
				.isIn(cluster.replica("replica-1").port(), cluster.replica("replica-2").port());
			softly.assertThat(write.port()).as("the write ran on the primary").isEqualTo(cluster.primary().port());
			// A drained pool costs every caller at least its connection timeout, then an error.
			softly.assertThat(read.elapsed()).as("how long the read took")
				.isLessThan(Duration.ofMillis(CONNECTION_TIMEOUT_MILLIS));
			softly.assertThat(write.elapsed()).as("how long the write took")
				.isLessThan(Duration.ofMillis(CONNECTION_TIMEOUT_MILLIS));
			// Logged, but not once per failure: the first at once, then at most one line a minute.
			softly.assertThat(reports(output)).as("reports of the listener's failures")
				.isBetween(1L, 1 + elapsedMinutes);
		});
	}

	@Test
	void abortedConnectionGoesBackToItsPool(ReplicatedPostgres cluster) throws Exception {
		Connection connection = this.dataSource.getConnection();
		connection.setAutoCommit(false);
		connection.setReadOnly(true);
		int port;
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select inet_server_port()")) {
			result.next();
			port = result.getInt(1);
		}
		assertThat(port).isIn(cluster.replica("replica-1").port(), cluster.replica("replica-2").port());
		assertThat(PoolUsage.of(this.dataSource)).containsValue("1/1");

		connection.abort(Runnable::run);

		assertThat(connection.isClosed()).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(PoolUsage.of(this.dataSource)).as("active/in-flight by target")
				.isEqualTo(PoolUsage.idle(this.dataSource)));
		assertThat(this.work.read()).isIn(cluster.replica("replica-1").port(), cluster.replica("replica-2").port());
	}

	/** Half reads, half writes, one after the other. */
	private Failures runTransactions() {
		int count = 0;
		RuntimeException first = null;
		for (int i = 0; i < TRANSACTIONS; i++) {
			try {
				if (i % 2 == 0) {
					this.work.read();
				}
				else {
					this.work.write();
				}
			}
			catch (RuntimeException ex) {
				count++;
				first = (first != null) ? first : ex;
			}
		}
		return new Failures(count, first);
	}

	private static long reports(CapturedOutput output) {
		Matcher matcher = REPORT.matcher(output.getAll());
		long count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	/**
	 * The transactions that failed.
	 *
	 * @param count how many
	 * @param first the first failure, or {@code null}
	 */
	record Failures(int count, RuntimeException first) {

	}

	/**
	 * One call, timed.
	 *
	 * @param port the server that ran it, or 0 when it failed
	 * @param elapsed how long it took
	 * @param failure what it threw, or {@code null}
	 */
	record Timed(int port, Duration elapsed, RuntimeException failure) {

		static Timed of(java.util.function.IntSupplier call) {
			long start = System.nanoTime();
			try {
				int port = call.getAsInt();
				return new Timed(port, Duration.ofNanos(System.nanoTime() - start), null);
			}
			catch (RuntimeException ex) {
				return new Timed(0, Duration.ofNanos(System.nanoTime() - start), ex);
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Work.class, FailingListener.class })
	static class Application {

	}

	/**
	 * Throws on every routed connection while {@link #failing} is set, counting its calls.
	 */
	static class FailingListener implements RoutingListener {

		final AtomicBoolean failing = new AtomicBoolean();

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public void onRouted(RoutingDecision decision) {
			if (this.failing.get()) {
				this.calls.incrementAndGet();
				throw new IllegalStateException("listener failure on " + decision.target());
			}
		}

	}

	static class Work {

		private final JdbcTemplate jdbc;

		Work(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		void createTable() {
			this.jdbc.execute("create table if not exists visit (id bigserial primary key, at timestamptz default now())");
		}

		@Transactional(readOnly = true)
		public int read() {
			return this.jdbc.queryForObject("select inet_server_port()", Integer.class);
		}

		@Transactional
		public int write() {
			this.jdbc.update("insert into visit default values");
			return this.jdbc.queryForObject("select inet_server_port()", Integer.class);
		}

	}

}
