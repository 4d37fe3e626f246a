package io.github.replicarouting.test.readyourwrites;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.mariadb.Notes;
import io.github.replicarouting.test.mariadb.Notes.Read;
import io.github.replicarouting.test.mariadb.VendorTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Monotonic reads in {@code causal} mode on real replication: two replicas held at different
 * positions ({@code replica-1} paused before another client's note, {@code replica-2} past it),
 * both having the scope's own write, so that each may serve the scope's {@code @ReadYourWrites}
 * reads and the load balancer ({@code random}) moves them back and forth. Once a read has seen the other client's
 * note, no later read of the scope may miss it: its reads never go back in time.
 */
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.read-your-writes.mode=causal", "replica-routing.read-your-writes.max-wait=0ms",
				"replica-routing.max-replication-lag=10m", "replica-routing.load-balancing=random",
				"replica-routing.health.probe-interval=200ms", "replica-routing.health.slow-start=0s" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class MonotonicReadsIT {

	private static final int READS = 40;

	@Autowired
	Notes notes;

	@Autowired
	ReplicaMonitor monitor;

	@BeforeEach
	void createTable(ReplicatedPostgres cluster) {
		this.notes.createTable();
		cluster.awaitAllReplicated();
	}

	@AfterEach
	void resume(ReplicatedPostgres cluster) {
		cluster.resumeReplication("replica-1");
		cluster.awaitAllReplicated();
	}

	@Test
	void readsOfAScopeNeverGoBackInTimeAcrossReplicas(ReplicatedPostgres cluster) throws Exception {
		// A thread of its own is a scope of its own: none of the other test classes' clusters' positions.
		ExecutorService scope = Executors.newSingleThreadExecutor();
		List<Read> reads;
		try {
			scope.submit(() -> this.notes.write("the scope's own note")).get(30, TimeUnit.SECONDS);
			cluster.awaitAllReplicated();
			cluster.pauseReplication("replica-1");
			long theirs = insertElsewhere(cluster.primary(), "another client's note");
			cluster.awaitReplicated("replica-2");
			// Before the reads: both may serve, and replica-2's probes have seen the other client's
			// note. A causal read prefers a replica known to have what it needs; with replica-2 known
			// only from before the note, every read would stay on replica-1 once it served one.
			long noted = cluster.primaryPosition().value();
			ReplicaHealth ahead = this.monitor.replica("replica-2").orElseThrow();
			await().atMost(Duration.ofSeconds(15))
				.until(() -> this.monitor.replicas().stream().allMatch(ReplicaHealth::isCandidate)
						&& ahead.replayedPosition() >= noted);
			reads = scope.submit(() -> read(theirs)).get(60, TimeUnit.SECONDS);
		}
		finally {
			scope.shutdownNow();
		}

		int firstSeen = -1;
		int backInTime = 0;
		for (int i = 0; i < reads.size(); i++) {
			boolean sees = reads.get(i).sees("another client's note");
			if (sees && firstSeen < 0) {
				firstSeen = i;
			}
			if (!sees && firstSeen >= 0) {
				backInTime++;
			}
		}
		int onReplica2 = (int) reads.stream().filter((read) -> read.port() == cluster.replica("replica-2").port()).count();
		System.out.println("[monotonic-reads] " + READS + " @ReadYourWrites reads: first saw the other "
				+ "client's note at read " + firstSeen + ", " + backInTime + " later reads went back in time; served by "
				+ reads.stream().map((read) -> read.decision().target()).toList());
		assertThat(firstSeen).as("a read saw the other client's note").isNotNegative();
		assertThat(backInTime).as("reads that missed what an earlier read of the scope saw").isZero();
		assertThat(onReplica2).as("reads served by the replica that has it").isGreaterThan(READS / 2);
	}

	private List<Read> read(long id) {
		List<Read> reads = new ArrayList<>();
		for (int i = 0; i < READS; i++) {
			reads.add(this.notes.readYourWrites(id));
		}
		return reads;
	}

	private static long insertElsewhere(ClusterNode primary, String body) throws SQLException {
		try (Connection connection = DriverManager.getConnection(primary.jdbcUrl(), primary.username(),
				primary.password());
				PreparedStatement statement = connection.prepareStatement("insert into note (body) values (?) returning id")) {
			statement.setString(1, body);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getLong(1);
			}
		}
	}

}
