package io.github.replicarouting;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User code cannot break routing: a listener that throws fails no work and costs no pooled
 * connection, and its failures are reported without flooding the log; an aborted connection
 * goes back to its pool.
 */
@ExtendWith(OutputCaptureExtension.class)
class RoutingListenerFailureTests {

	private static final Pattern REPORT = Pattern.compile("routing listener .* threw; ignored");

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final MutableClock clock = new MutableClock();

	private final AtomicInteger calls = new AtomicInteger();

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void listenerThatThrowsShouldNeitherFailTheWorkNorKeepItsConnection(CapturedOutput output) throws SQLException {
		ReplicaRoutingDataSource dataSource = routing(this::fail);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate readWrite = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		readOnly.setReadOnly(true);

		// Ten times the pools' size: each lost connection would have stalled the next.
		for (int i = 0; i < 50; i++) {
			String read = readOnly.execute((status) -> whoami(jdbc));
			String write = readWrite.execute((status) -> whoami(jdbc));
			assertThat(read).startsWith("replica-");
			assertThat(write).isEqualTo("primary");
		}

		assertThat(this.calls).hasValue(100);
		assertThat(activeAndInFlight(dataSource)).containsOnly(0);
		assertThat(reports(output)).isOne();
		assertThat(output).contains("IllegalStateException: listener failure")
			.containsPattern("(primary|replica-\\d) - routing listener .* threw; ignored, the connection serves on");
	}

	@Test
	void listenerFailuresShouldBeReportedAtMostOncePerIntervalWithTheCountLeftUnreported(CapturedOutput output) {
		ReplicaRoutingDataSource dataSource = routing(this::fail);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		for (int i = 0; i < 10; i++) {
			whoami(jdbc);
		}
		this.clock.advance(ListenerFailures.INTERVAL.minusSeconds(1));
		whoami(jdbc);
		assertThat(reports(output)).isOne();

		this.clock.advance(Duration.ofSeconds(1));
		whoami(jdbc);

		assertThat(reports(output)).isEqualTo(2);
		assertThat(output).contains("(10 more listener failure(s) unreported since the last report)");
	}

	@Test
	void abortedConnectionShouldGoBackToItsPool() throws Exception {
		ReplicaRoutingDataSource dataSource = routing((decision) -> this.calls.incrementAndGet());
		Connection connection = dataSource.getConnection();
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.execute("select name from whoami");
		}
		assertThat(activeAndInFlight(dataSource)).contains(1);

		connection.abort(Runnable::run);

		assertThat(connection.isClosed()).isTrue();
		assertThat(activeAndInFlight(dataSource)).containsOnly(0);
		assertThat(whoami(new JdbcTemplate(dataSource))).isEqualTo("primary");
	}

	private void fail(RoutingDecision decision) {
		this.calls.incrementAndGet();
		throw new IllegalStateException("listener failure");
	}

	private ReplicaRoutingDataSource routing(RoutingListener listener) {
		ReplicaRoutingDataSource dataSource = ReplicaRoutingDataSource.builder(target("primary"))
			.replica(target("replica-1"))
			.replica(target("replica-2"))
			.clock(this.clock)
			.listener(listener)
			.build();
		dataSource.start();
		return dataSource;
	}

	private RoutingTarget target(String name) {
		return this.databases.pooled(name, this.pools, (pool) -> pool.setConnectionTimeout(1000));
	}

	/** Every pool's active connections and every target's in-flight count. */
	private static List<Integer> activeAndInFlight(ReplicaRoutingDataSource dataSource) throws SQLException {
		List<RoutingTarget> targets = new ArrayList<>();
		targets.add(dataSource.getPrimary());
		targets.addAll(dataSource.getReplicas());
		List<Integer> counts = new ArrayList<>();
		for (RoutingTarget target : targets) {
			HikariDataSource pool = target.unwrap(HikariDataSource.class);
			counts.add((pool.getHikariPoolMXBean() != null) ? pool.getHikariPoolMXBean().getActiveConnections() : 0);
			counts.add(target.inFlight());
		}
		return counts;
	}

	private static long reports(CapturedOutput output) {
		Matcher matcher = REPORT.matcher(output.getAll());
		long count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	private static String whoami(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select name from whoami", String.class);
	}

	private static String whoami(Connection connection) throws Exception {
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("select name from whoami")) {
			resultSet.next();
			return resultSet.getString(1);
		}
	}

}
