package io.github.replicarouting.test.readyourwrites;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.mariadb.Notes.Read;
import io.github.replicarouting.test.mariadb.Notes;
import io.github.replicarouting.test.mariadb.VendorTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code window} mode with a replica that is steadily {@value #DELAY_MILLIS} ms behind (PostgreSQL
 * applies each commit that long after the primary made it: {@code recovery_min_apply_delay}) and
 * the other one current, under steady writes. The window (2 s) is shorter than that lag, which is
 * within {@code max-replication-lag} (5 s), so the lagging replica stays in rotation: a
 * {@code @ReadYourWrites} read 2 to 3 s after its scope's write must not go to it, since it cannot
 * have the write yet, but may go to the current replica.
 */
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.read-your-writes.mode=window", "replica-routing.read-your-writes.window=2s",
				"replica-routing.max-replication-lag=5s", "replica-routing.health.probe-interval=500ms" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class WindowModeUnderSteadyLagIT {

	static final long DELAY_MILLIS = 3000;

	private static final Duration WINDOW = Duration.ofSeconds(2);

	/** Reads start this long after the write: past the window, well short of the delay. */
	private static final Duration READ_AFTER = WINDOW.plusMillis(150);

	private static final String LAGGING = "replica-1";

	@Autowired
	Notes notes;

	@Autowired
	ReplicaMonitor monitor;

	SteadyWrites writes;

	@BeforeEach
	void delayOneReplica(ReplicatedPostgres cluster) throws SQLException {
		this.notes.createTable();
		cluster.awaitAllReplicated();
		applyDelay(cluster.replica(LAGGING), DELAY_MILLIS + "ms");
		this.writes = SteadyWrites.start(cluster.primary(), 20);
		await(LAGGING + " measured about " + DELAY_MILLIS + " ms behind").atMost(Duration.ofSeconds(30))
			.until(() -> this.monitor.replica(LAGGING).orElseThrow().lagMillis() >= DELAY_MILLIS * 8 / 10);
	}

	@AfterEach
	void removeDelay(ReplicatedPostgres cluster) throws SQLException {
		this.writes.close();
		applyDelay(cluster.replica(LAGGING), "0");
		cluster.awaitAllReplicated();
	}

	@Test
	void readYourWritesReadsPastTheWindowGoOnlyToAReplicaThatHasTheWrite(ReplicatedPostgres cluster) {
		int laggingPort = cluster.replica(LAGGING).port();
		List<TimedRead> reads = new ArrayList<>();
		for (int round = 0; round < 6; round++) {
			String body = "note-" + UUID.randomUUID();
			long written = System.nanoTime();
			long id = this.notes.write(body);
			await().pollInSameThread()
				.atMost(READ_AFTER.plusSeconds(5))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> System.nanoTime() - written >= READ_AFTER.toNanos());
			for (int i = 0; i < 4; i++) {
				Read read = this.notes.readYourWrites(id);
				reads.add(new TimedRead(read, Duration.ofNanos(System.nanoTime() - written), body));
			}
		}

		List<TimedRead> stale = reads.stream().filter((read) -> !read.read().sees(read.body())).toList();
		List<TimedRead> early = reads.stream()
			.filter((read) -> read.afterWrite().toMillis() < DELAY_MILLIS)
			.toList();
		System.out.println("[read-your-writes] window 2 s, " + LAGGING + " " + DELAY_MILLIS + " ms behind (measured "
				+ this.monitor.replica(LAGGING).orElseThrow().lagMillis() + " ms): " + reads.size() + " reads "
				+ READ_AFTER.toMillis() + "+ ms after the write, " + stale.size() + " stale; served by "
				+ reads.stream().map((read) -> read.read().decision().target()).toList());
		assertThat(stale).as("stale reads inside @ReadYourWrites").isEmpty();
		assertThat(early).as("reads less than " + DELAY_MILLIS + " ms after the write, on " + LAGGING)
			.noneMatch((read) -> read.read().port() == laggingPort);
		assertThat(reads).allSatisfy(
				(read) -> assertThat(read.read().decision().reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES));
		assertThat(reads).as("reads served by the current replica")
			.anyMatch((read) -> read.read().port() == cluster.replica("replica-2").port());
	}

	private static void applyDelay(ClusterNode replica, String delay) throws SQLException {
		try (Connection connection = DriverManager.getConnection(replica.jdbcUrl(), replica.username(),
				replica.password()); Statement statement = connection.createStatement()) {
			statement.execute("alter system set recovery_min_apply_delay = '" + delay + "'");
			statement.execute("select pg_reload_conf()");
		}
	}

	/**
	 * One read, how long after its scope's write it ran, and the text it should have seen.
	 */
	private record TimedRead(Read read, Duration afterWrite, String body) {

	}

}
