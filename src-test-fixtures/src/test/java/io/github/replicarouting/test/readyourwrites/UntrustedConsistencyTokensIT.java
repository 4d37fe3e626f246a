package io.github.replicarouting.test.readyourwrites;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;
import io.github.replicarouting.test.readyourwrites.NotesClient.Served;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consistency token comes from the client, so it is untrusted input: one that does not verify,
 * such as a forged one naming a position the primary never reached, or a malformed one, is
 * ignored, so it neither makes a read wait beyond {@code max-wait} nor pins the client's reads to
 * the primary.
 */
@SpringBootTest(classes = ReadYourWritesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "replica-routing.read-your-writes.mode=causal", "replica-routing.read-your-writes.max-wait=200ms",
				"replica-routing.max-replication-lag=10m" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class UntrustedConsistencyTokensIT {

	private static final Duration MAX_WAIT = Duration.ofMillis(200);

	/** max-wait plus ample room for the request itself on a busy machine. */
	private static final Duration BOUND = Duration.ofSeconds(2);

	@LocalServerPort
	int port;

	@Autowired
	Notes notes;

	NotesClient client;

	long id;

	String body;

	@BeforeEach
	void writeANote(ReplicatedPostgres cluster) {
		this.client = new NotesClient(this.port);
		this.notes.createTable();
		this.body = "note-" + UUID.randomUUID();
		this.id = this.notes.write(this.body);
		cluster.awaitAllReplicated();
	}

	@Test
	void forgedTokenWithAHugePositionDoesNotMakeTheReadWaitBeyondMaxWait(ReplicatedPostgres cluster) {
		ReplicatedDatabase.of(cluster).holdBackReplicas();
		try {
			// Behind the primary now: no replica can reach even the primary's own position.
			this.notes.write("note-" + UUID.randomUUID());

			Served read = this.client.readWithHeader(this.id, forgedToken());

			System.out.println("[read-your-writes] forged token, replay paused: read on " + read.target() + " in "
					+ read.elapsed().toMillis() + " ms (max-wait " + MAX_WAIT.toMillis() + " ms)");
			assertThat(read.elapsed()).isLessThan(BOUND);
			assertThat(read.body()).isEqualTo(this.body);
		}
		finally {
			ReplicatedDatabase.of(cluster).releaseReplicas();
		}
	}

	@Test
	void forgedTokenWithAHugePositionIsIgnoredSoReadsStayOnReplicas(ReplicatedPostgres cluster) {
		String forged = forgedToken();
		List<Served> reads = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			reads.add(this.client.readWithHeader(this.id, forged));
		}

		System.out.println("[read-your-writes] forged token, replay running: reads on "
				+ reads.stream().map((read) -> read.target() + " in " + read.elapsed().toMillis() + " ms").toList());
		assertThat(reads).allSatisfy((read) -> {
			assertThat(ReplicatedDatabase.of(cluster).replicaPorts()).as("server of the read").contains(read.port());
			assertThat(read.reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES.tag());
			assertThat(read.elapsed()).isLessThan(BOUND);
			assertThat(read.body()).isEqualTo(this.body);
		});
	}

	@Test
	void malformedTokenIsIgnoredAndTheReadRunsOnAReplica(ReplicatedPostgres cluster) {
		Served withHeader = this.client.readWithHeader(this.id, "garbage");
		Served withCookie = this.client.readWithCookie(this.id, "garbage");

		assertThat(List.of(withHeader, withCookie)).allSatisfy((read) -> {
			assertThat(ReplicatedDatabase.of(cluster).replicaPorts()).as("server of the read").contains(read.port());
			assertThat(read.reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES.tag());
			assertThat(read.body()).isEqualTo(this.body);
		});
	}

	/** What a client could make without the key: the format, a fresh write time, a huge position. */
	private static String forgedToken() {
		return "2." + System.currentTimeMillis() + ".9223372036854775000.AAAAAAAAAAAAAAAAAAAAAA";
	}

}
