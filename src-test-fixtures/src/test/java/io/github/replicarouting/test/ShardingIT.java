package io.github.replicarouting.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.replicarouting.ShardMismatchException;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.sharding.ShardingTestApplication;
import io.github.replicarouting.test.sharding.TenantNotes;
import io.github.replicarouting.test.sharding.TenantNotes.Read;
import io.github.replicarouting.test.sharding.TenantNotes.Written;

import static io.github.replicarouting.test.Json.at;
import static io.github.replicarouting.test.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two real PostgreSQL clusters (primary + replica each) as shards {@code a} and {@code b} of one
 * tenant-keyed application: each tenant's writes on its own primary, its reads on its own
 * replica, and one shard's failures invisible to the other, in routing, health, the endpoint
 * and metrics.
 */
@SpringBootTest(classes = ShardingTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "replica-routing.default-shard=a", "replica-routing.health.probe-interval=200ms",
				"replica-routing.max-replication-lag=10m", "spring.flyway.enabled=false",
				"management.endpoints.web.exposure.include=health,replicarouting",
				"management.endpoint.health.show-details=always" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class ShardingIT {

	static final ReplicatedPostgres a = cluster();

	static final ReplicatedPostgres b = cluster();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Autowired
	TenantNotes notes;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	private static ReplicatedPostgres cluster() {
		ReplicatedPostgres cluster = ReplicatedPostgres.builder().replicas(1).start();
		Db.execute(cluster.primary(), "create table notes (id bigserial primary key, body text not null)");
		cluster.awaitAllReplicated();
		return cluster;
	}

	@DynamicPropertySource
	static void shards(DynamicPropertyRegistry registry) {
		register(registry, "a", a.properties());
		register(registry, "b", b.properties());
	}

	private static void register(DynamicPropertyRegistry registry, String shard, Map<String, String> properties) {
		properties.forEach((key, value) -> registry
			.add(key.replace("replica-routing.", "replica-routing.shards." + shard + "."), () -> value));
	}

	@AfterAll
	static void closeClusters() {
		a.close();
		b.close();
	}

	@Test
	@Order(1)
	void eachTenantWritesOnItsPrimaryAndReadsOnItsReplica() {
		Written onA = this.notes.write("a", "for a");
		Written onB = this.notes.write("b", "for b");

		assertThat(onA.port()).isEqualTo(a.primary().port());
		assertThat(onB.port()).isEqualTo(b.primary().port());
		assertThat(Db.value(a.primary(), "select count(*) from notes where body = 'for a'")).isEqualTo("1");
		assertThat(Db.value(b.primary(), "select count(*) from notes where body = 'for a'")).isEqualTo("0");
		assertThat(Db.value(a.primary(), "select count(*) from notes where body = 'for b'")).isEqualTo("0");
		a.awaitAllReplicated();
		b.awaitAllReplicated();
		Read readA = this.notes.read("a", onA.id());
		Read readB = this.notes.read("b", onB.id());
		assertThat(readA.port()).isEqualTo(a.replica("replica-1").port());
		assertThat(readA.seen()).isTrue();
		assertThat(readB.port()).isEqualTo(b.replica("replica-1").port());
		assertThat(readB.seen()).isTrue();
	}

	@Test
	@Order(2)
	void workWithoutKeyGoesToTheDefaultShard() {
		assertThat(this.notes.readUnkeyed()).isEqualTo(a.replica("replica-1").port());
	}

	@Test
	@Order(3)
	void aTransactionNeverSpansShards() {
		assertThatExceptionOfType(ShardMismatchException.class).isThrownBy(() -> this.notes.writeThenRead("a", "b"))
			.withMessageContaining(TenantNotes.class.getName() + ".read")
			.withMessageContaining("'a'")
			.withMessageContaining("'b'");
		assertThat(Db.value(a.primary(), "select count(*) from notes where body = 'cross'")).as("rolled back")
			.isEqualTo("0");
		assertThat(this.notes.writeThenRead("a", "a").port()).isEqualTo(a.primary().port());
	}

	@Test
	@Order(4)
	void healthEndpointAndMetricsShowEachShard() throws Exception {
		Map<String, Object> health = get("/actuator/health/replicaRouting");
		assertThat(at(health, "components", "a", "status")).isEqualTo("UP");
		assertThat(at(health, "components", "b", "details", "primary", "url")).isEqualTo(b.primary().jdbcUrl());
		assertThat(at(health, "components", "a", "details", "replicas", "replica-1", "url"))
			.isEqualTo(a.replica("replica-1").jdbcUrl());
		Map<String, Object> topology = get("/actuator/replicarouting");
		assertThat(at(topology, "shards", "a", "primary", "url")).isEqualTo(a.primary().jdbcUrl());
		assertThat(at(topology, "shards", "b", "replicas", "replica-1", "url")).isEqualTo(b.replica("replica-1").jdbcUrl());
		assertThat(at(get("/actuator/replicarouting/b/replica-1"), "url")).isEqualTo(b.replica("replica-1").jdbcUrl());
		assertThat(status("/actuator/replicarouting/c")).isEqualTo(404);
		assertThat(routes("a", "replica-1")).as("a's reads on a's replica").isPositive();
		assertThat(routes("b", "primary")).as("b's writes on b's primary").isPositive();
	}

	@Test
	@Order(5)
	void readYourWritesIsKeptPerShard() throws Exception {
		long idB = this.notes.write("b", "b before pause").id();
		b.awaitAllReplicated();
		a.pauseReplication("replica-1");
		// A thread of its own, so a scope of its own, that never wrote before.
		ExecutorService thread = Executors.newSingleThreadExecutor();
		try {
			List<Read> reads = thread.submit(() -> {
				Written onA = this.notes.write("a", "a while paused");
				return List.of(this.notes.readYourWrites("a", onA.id()), this.notes.readYourWrites("b", idB));
			}).get(30, TimeUnit.SECONDS);

			assertThat(reads.get(0).port()).as("a's read after a's write").isEqualTo(a.primary().port());
			assertThat(reads.get(0).seen()).isTrue();
			assertThat(reads.get(1).port()).as("b's read: this scope never wrote on b")
				.isEqualTo(b.replica("replica-1").port());
			assertThat(reads.get(1).seen()).isTrue();
		}
		finally {
			thread.shutdownNow();
			a.resumeReplication("replica-1");
		}
	}

	@Test
	@Order(6)
	void theTokenCarriesEachShardsWritesAcrossRequests() throws Exception {
		long idB = this.notes.write("b", "b before pause, over http").id();
		b.awaitAllReplicated();
		a.pauseReplication("replica-1");
		try {
			HttpResponse<String> written = http.send(HttpRequest.newBuilder(uri("/tenants/a/notes"))
				.POST(HttpRequest.BodyPublishers.ofString("a over http"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			String token = written.headers().firstValue("Replica-Routing-Token").orElseThrow();
			long idA = Long.parseLong(written.body());

			Map<String, Object> readA = json(http.send(withToken("/tenants/a/notes/" + idA, token),
					HttpResponse.BodyHandlers.ofString()));
			Map<String, Object> readB = json(http.send(withToken("/tenants/b/notes/" + idB, token),
					HttpResponse.BodyHandlers.ofString()));

			assertThat(token).as("a token with a record per shard").startsWith("4.a~");
			assertThat(readA.get("port")).as("a's read in the next request").isEqualTo(a.primary().port());
			assertThat(readA.get("seen")).isEqualTo(true);
			assertThat(readB.get("port")).as("b's read in the next request").isEqualTo(b.replica("replica-1").port());
			assertThat(readB.get("seen")).isEqualTo(true);
		}
		finally {
			a.resumeReplication("replica-1");
		}
	}

	private HttpRequest withToken(String path, String token) {
		return HttpRequest.newBuilder(uri(path))
			.header("Replica-Routing-Token", token)
			.timeout(Duration.ofSeconds(10))
			.build();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	@Test
	@Order(10)
	void killingOneShardsReplicaLeavesTheOtherShardAlone() throws Exception {
		long idA = this.notes.write("a", "before kill a").id();
		long idB = this.notes.write("b", "before kill b").id();
		a.awaitAllReplicated();
		b.awaitAllReplicated();

		b.kill("replica-1");

		// A read that took a pooled connection to the replica as it died fails (reads are not
		// retried); the ones after it go to b's primary.
		Read fallback = await("b's reads on b's primary").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> this.notes.read("b", idB), (read) -> read.port() == b.primary().port());
		assertThat(fallback.seen()).isTrue();
		for (int i = 0; i < 20; i++) {
			Read readA = this.notes.read("a", idA);
			assertThat(readA.port()).as("a's read %d", i).isEqualTo(a.replica("replica-1").port());
			assertThat(readA.seen()).isTrue();
		}
		await("b's replica out of rotation").atMost(Duration.ofSeconds(30))
			.until(() -> available("b"), (available) -> available == 0);
		assertThat(available("a")).isEqualTo(1);
		Map<String, Object> health = get("/actuator/health/replicaRouting");
		assertThat(at(health, "components", "b", "details", "replicas", "replica-1", "state")).isNotEqualTo("UP");
		assertThat(at(health, "components", "a", "details", "replicas", "replica-1", "state")).isEqualTo("UP");
		assertThat(at(health, "status")).as("a replica down never takes the application down").isEqualTo("UP");
	}

	private double available(String shard) {
		return this.meters.get("replica.routing.replica.available")
			.tag("shard", shard)
			.tag("replica", "replica-1")
			.gauge()
			.value();
	}

	private double routes(String shard, String target) {
		return this.meters.get("replica.routing.routes")
			.tag("shard", shard)
			.tag("target", target)
			.functionCounters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private Map<String, Object> get(String path) throws IOException, InterruptedException {
		return json(http.send(request(path), HttpResponse.BodyHandlers.ofString()));
	}

	private int status(String path) throws IOException, InterruptedException {
		return http.send(request(path), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
	}

}
