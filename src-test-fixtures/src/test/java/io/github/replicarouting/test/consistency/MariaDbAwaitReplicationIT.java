package io.github.replicarouting.test.consistency;

import java.sql.SQLException;
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

import io.github.replicarouting.ReplicationTimeoutException;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDb;
import io.github.replicarouting.test.mariadb.ReplicatedMariaDbTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @AwaitReplication} on real MariaDB GTID replication: with {@code replica-1} applying each
 * transaction a second late ({@code MASTER_DELAY}), a write awaited on both replicas is on both
 * the moment the call returns, where a plain write is not; with the SQL thread stopped on every
 * replica, the call fails after its timeout and the row is on the primary.
 */
@ReplicatedMariaDbTest(replicas = 2)
@SpringBootTest(classes = ConsistencyTestApplication.class, webEnvironment = WebEnvironment.NONE)
@DirtiesContext
class MariaDbAwaitReplicationIT {

	private static final int WRITES = 5;

	@Autowired
	AwaitedWrites writes;

	@BeforeEach
	void createTable(ReplicatedMariaDb cluster) {
		this.writes.createTable();
		cluster.awaitAllReplicated();
	}

	@AfterEach
	void resume(ReplicatedMariaDb cluster) {
		cluster.replicas().forEach((replica) -> cluster.resumeReplication(replica.name()));
		cluster.awaitAllReplicated();
	}

	@Test
	void anAwaitedWriteIsOnEveryReplicaItWaitedForWhenTheCallReturns(ReplicatedMariaDb cluster) throws SQLException {
		cluster.delayReplication("replica-1", Duration.ofSeconds(1));
		int unawaitedMissing = 0;
		int awaitedMissing = 0;
		List<Long> awaitedMillis = new ArrayList<>();
		for (int i = 0; i < WRITES; i++) {
			String body = UUID.randomUUID().toString();
			this.writes.write(body);
			unawaitedMissing += AwaitedRows.missingOn(cluster.replicas(), body);
			body = UUID.randomUUID().toString();
			long started = System.nanoTime();
			this.writes.writeSeenByBoth(body);
			awaitedMillis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
			awaitedMissing += AwaitedRows.missingOn(cluster.replicas(), body);
		}

		System.out.println("[await-replication] MariaDB, replica-1 1 s behind: " + WRITES + " plain writes missing on "
				+ unawaitedMissing + " replica reads right after, " + WRITES + " awaited writes on " + awaitedMissing
				+ "; awaited calls took " + awaitedMillis + " ms");
		assertThat(unawaitedMissing).as("plain writes not yet on a replica right after (the test can tell)")
			.isGreaterThan(0);
		assertThat(awaitedMissing).as("awaited writes not yet on a replica right after").isZero();
	}

	@Test
	void withReplicationStoppedEverywhereTheCallFailsAfterItsTimeoutAndTheWriteIsCommitted(ReplicatedMariaDb cluster)
			throws SQLException {
		cluster.replicas().forEach((replica) -> cluster.pauseReplication(replica.name()));
		String body = UUID.randomUUID().toString();
		long started = System.nanoTime();

		assertThatExceptionOfType(ReplicationTimeoutException.class).isThrownBy(() -> this.writes.writeSeenByOne(body))
			.withMessageContaining(AwaitedWrites.class.getName() + ".writeSeenByOne is committed on the primary")
			.withMessageContaining("only 0 of the 1 replica(s)");
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		System.out.println("[await-replication] MariaDB, replication stopped on both replicas: failed after "
				+ took.toMillis() + " ms");
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(10));
		assertThat(AwaitedRows.bodiesOn(cluster.primary(), body)).as("the write, on the primary").isOne();
	}

}
