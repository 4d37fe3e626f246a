package io.github.replicarouting.test.readyourwrites;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.ConsistencyScope;
import io.github.replicarouting.ConsistencyScopes;
import io.github.replicarouting.ReplicaRouting;
import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;
import io.github.replicarouting.test.readyourwrites.Handoffs.Handed;
import io.github.replicarouting.test.readyourwrites.NotesClient.Served;
import io.github.replicarouting.test.readyourwrites.NotesController.PendingWrite;
import io.github.replicarouting.ConsistencyTokenFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes across HTTP requests and threads, in {@code causal} mode, with replay paused on
 * every replica so that a read routed to a replica would miss the write: the next request sees
 * the write when it carries the consistency token of the first one (cookie or header), and only
 * then; work handed to Spring's executor carries the scope and the route.
 */
@SpringBootTest(classes = ReadYourWritesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "replica-routing.read-your-writes.mode=causal", "replica-routing.read-your-writes.max-wait=200ms",
				"replica-routing.max-replication-lag=10m" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class ReadYourWritesAcrossRequestsIT {

	private static final Pattern TOKEN = Pattern.compile("3\\.(\\d+)\\.(\\d+)\\.(\\d+|-)\\.(\\d+)\\.[0-9A-Za-z_-]{22}");

	@LocalServerPort
	int port;

	@Autowired
	Notes notes;

	@Autowired
	Handoffs handoffs;

	@Autowired
	NotesController controller;

	@Autowired
	ReplicaRouting routing;

	NotesClient client;

	@BeforeEach
	void pauseReplication(ReplicatedPostgres cluster) {
		this.client = new NotesClient(this.port);
		this.notes.createTable();
		cluster.awaitAllReplicated();
		ReplicatedDatabase.of(cluster).holdBackReplicas();
	}

	@AfterEach
	void resumeReplication(ReplicatedPostgres cluster) {
		ReplicatedDatabase.of(cluster).releaseReplicas();
	}

	@Test
	void writeAnswersWithTheTokenInAHeaderAndAnHttpOnlyCookie(ReplicatedPostgres cluster) {
		long before = cluster.primaryPosition().value();

		HttpResponse<String> written = this.client.write("note-" + UUID.randomUUID());

		long after = cluster.primaryPosition().value();
		assertThat(written.statusCode()).isEqualTo(200);
		String token = written.headers().firstValue(ConsistencyTokenFilter.HEADER).orElseThrow();
		Matcher matcher = TOKEN.matcher(token);
		assertThat(matcher.matches()).as(token).isTrue();
		// Causal mode: the token names the primary's position right after the write.
		assertThat(Long.parseLong(matcher.group(2))).isGreaterThan(before).isLessThanOrEqualTo(after);
		List<String> cookies = written.headers().allValues("Set-Cookie");
		assertThat(cookies).hasSize(1);
		assertThat(cookies.get(0)).startsWith(ConsistencyTokenFilter.COOKIE + "=" + token + ";")
			.contains("HttpOnly")
			.contains("SameSite=Lax");
	}

	@Test
	void nextRequestCarryingTheCookieSeesTheWrite() {
		String body = "note-" + UUID.randomUUID();
		HttpResponse<String> written = this.client.write(body);

		Served read = this.client.readWithCookie(Long.parseLong(written.body()), cookieToken(written));

		assertThat(read.body()).isEqualTo(body);
		assertThat(read.reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES.tag());
	}

	@Test
	void nextRequestCarryingTheHeaderSeesTheWrite() {
		String body = "note-" + UUID.randomUUID();
		HttpResponse<String> written = this.client.write(body);
		String token = written.headers().firstValue(ConsistencyTokenFilter.HEADER).orElseThrow();

		Served read = this.client.readWithHeader(Long.parseLong(written.body()), token);

		assertThat(read.body()).isEqualTo(body);
		assertThat(read.reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES.tag());
	}

	@Test
	void nextRequestWithoutTheTokenReadsOnAReplicaThatMissesTheWrite(ReplicatedPostgres cluster) {
		HttpResponse<String> written = this.client.write("note-" + UUID.randomUUID());

		Served read = this.client.read(Long.parseLong(written.body()));

		// The token alone made the difference above: without it the read is a stranger's.
		assertThat(ReplicatedDatabase.of(cluster).replicaPorts()).contains(read.port());
		assertThat(read.target()).isNotEqualTo("primary");
		assertThat(read.body()).isEmpty();
	}

	@Test
	void asyncReadYourWritesReadSeesTheWriteInTheWritersScope(ReplicatedPostgres cluster) throws Exception {
		String body = "note-" + UUID.randomUUID();
		long id = this.notes.write(body);
		ConsistencyScope writer = ConsistencyScopes.current();

		Handed handed = this.handoffs.readYourWritesAsync(id).get(10, TimeUnit.SECONDS);

		assertThat(handed.thread()).isNotEqualTo(Thread.currentThread().getName());
		assertThat(handed.read().scope()).as("the scope the async read ran in").isNotNull().isSameAs(writer);
		assertThat(handed.read().sees(body)).isTrue();
		assertThat(handed.read().decision().reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES);
		assertThat(handed.read().port())
			.isEqualTo(ReplicatedDatabase.of(cluster).portsByTarget().get(handed.read().decision().target()));
	}

	@Test
	void executorWorkStartedInsideReadYourWritesCarriesTheRouteAndTheScope() throws Exception {
		String body = "note-" + UUID.randomUUID();
		long id = this.notes.write(body);
		ConsistencyScope writer = ConsistencyScopes.current();

		// A plain read-only transaction, on the executor: @ReadYourWrites travels with the work.
		Handed handed = this.handoffs.plainReadOnExecutor(id).get(10, TimeUnit.SECONDS);

		assertThat(handed.thread()).isNotEqualTo(Thread.currentThread().getName());
		assertThat(handed.read().scope()).as("the scope the executor's read ran in").isSameAs(writer);
		assertThat(handed.read().decision().reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES);
		assertThat(handed.read().sees(body)).isTrue();
	}

	@Test
	void asyncWriteThatOutlivesTheRequestThatStartedItCommitsCleanly() throws Exception {
		String body = "note-" + UUID.randomUUID();
		HttpResponse<String> accepted = this.client.writeLater(body);
		assertThat(accepted.statusCode()).isEqualTo(200);
		// Another request first: by its end the first is long over and Tomcat has recycled its response.
		this.client.read(0);
		PendingWrite pending = this.controller.pendingWrite();

		pending.release().countDown();

		// The write carries the finished request's scope; remembering it must not fail the commit.
		long id = pending.write().get(10, TimeUnit.SECONDS);
		// Committed is what the primary has: this thread's scope knows nothing of that write.
		assertThat(this.routing.onPrimary(() -> this.notes.read(id)).body()).isEqualTo(body);
	}

	private static String cookieToken(HttpResponse<String> response) {
		String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
		String pair = cookie.substring(0, cookie.indexOf(';'));
		assertThat(pair).startsWith(ConsistencyTokenFilter.COOKIE + "=");
		return pair.substring(pair.indexOf('=') + 1);
	}

}
