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
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @AwaitReplication} on real PostgreSQL replication. With replay running but
 * {@code replica-1} applying each commit {@value #DELAY_MILLIS} ms late, a write awaited on both
 * replicas is there for a plain read on either the moment the call returns, where the same write
 * without the annotation is not. With replay paused on every replica, the call fails after its
 * timeout saying the write is committed, and the row is on the primary.
 */
@SpringBootTest(classes = ConsistencyTestApplication.class, webEnvironment = WebEnvironment.NONE)
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class AwaitReplicationIT {

	static final long DELAY_MILLIS = 300;

	private static final int WRITES = 20;

	@Autowired
	AwaitedWrites writes;

	@BeforeEach
	void createTable(ReplicatedPostgres cluster) {
		this.writes.createTable();
		cluster.awaitAllReplicated();
	}

	@AfterEach
	void resume(ReplicatedPostgres cluster) {
		cluster.replicas().forEach((replica) -> cluster.resumeReplication(replica.name()));
		cluster.awaitAllReplicated();
	}

	@Test
	void anAwaitedWriteIsOnEveryReplicaItWaitedForWhenTheCallReturns(ReplicatedPostgres cluster) throws SQLException {
		cluster.delayReplication("replica-1", Duration.ofMillis(DELAY_MILLIS));
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

		System.out.println("[await-replication] replica-1 " + DELAY_MILLIS + " ms behind: " + WRITES
				+ " plain writes missing on " + unawaitedMissing + " replica reads right after, " + WRITES
				+ " awaited writes on " + awaitedMissing + "; awaited calls took " + awaitedMillis + " ms");
		assertThat(unawaitedMissing).as("plain writes not yet on a replica right after (the test can tell)")
			.isGreaterThan(0);
		assertThat(awaitedMissing).as("awaited writes not yet on a replica right after").isZero();
		assertThat(awaitedMillis).as("awaited calls waited for the delayed replica")
			.allSatisfy((millis) -> assertThat(millis).isGreaterThanOrEqualTo(DELAY_MILLIS * 8 / 10));
	}

	@Test
	void withReplayPausedEverywhereTheCallFailsAfterItsTimeoutAndTheWriteIsCommitted(ReplicatedPostgres cluster)
			throws SQLException {
		cluster.replicas().forEach((replica) -> cluster.pauseReplication(replica.name()));
		String body = UUID.randomUUID().toString();
		long started = System.nanoTime();

		assertThatExceptionOfType(ReplicationTimeoutException.class).isThrownBy(() -> this.writes.writeSeenByOne(body))
			.withMessageContaining(AwaitedWrites.class.getName() + ".writeSeenByOne is committed on the primary")
			.withMessageContaining("only 0 of the 1 replica(s)")
			.withMessageContaining("within 2000 ms")
			.withMessageContaining("replica-1: replayed up to")
			.withMessageContaining("replica-2: replayed up to")
			.satisfies((ex) -> assertThat(ex.getConfirmed()).isEmpty());
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		System.out.println("[await-replication] replay paused on both replicas: failed after " + took.toMillis() + " ms");
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(10));
		assertThat(AwaitedRows.bodiesOn(cluster.primary(), body)).as("the write, on the primary").isOne();
	}

}
