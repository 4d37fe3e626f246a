package io.github.replicarouting.test.readyourwrites;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.ConsistencyScope;
import io.github.replicarouting.ConsistencyTokens;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;
import io.github.replicarouting.test.readyourwrites.NotesClient.Served;
import io.github.replicarouting.ConsistencyTokenFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consistency tokens between two instances of one application over one real replicated
 * PostgreSQL, in {@code causal} mode with {@code max-wait: 0}: this test's application context
 * ("this instance") and a second one started beside it ("the other instance") with the same
 * token secret. A token the other instance issued works here; a forged or edited one is ignored
 * and costs nothing, even while the primary's position moves under steady writes; judging a
 * token never waits on the primary's pool; and reads served by replicas inside
 * {@code @ReadYourWrites} are counted by target.
 */
@SpringBootTest(classes = ReadYourWritesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "replica-routing.read-your-writes.mode=causal", "replica-routing.read-your-writes.max-wait=0ms",
				"replica-routing.read-your-writes.token-secret=" + ConsistencyTokensAcrossInstancesIT.SECRET,
				"replica-routing.max-replication-lag=10m", "replica-routing.health.probe-interval=500ms",
				"replica-routing.primary.hikari.maximum-pool-size=" + ConsistencyTokensAcrossInstancesIT.PRIMARY_POOL,
				"replica-routing.primary.hikari.connection-timeout="
						+ ConsistencyTokensAcrossInstancesIT.PRIMARY_CONNECTION_TIMEOUT_MILLIS })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class ConsistencyTokensAcrossInstancesIT {

	static final String SECRET = "shared-by-every-instance-0123456789abcdef";

	static final int PRIMARY_POOL = 3;

	static final long PRIMARY_CONNECTION_TIMEOUT_MILLIS = 5000;

	/** Far below the primary pool's connection timeout, and ample for one read on a busy machine. */
	private static final Duration USUAL_LATENCY = Duration.ofMillis(1500);

	private static ConfigurableApplicationContext otherInstance;

	@LocalServerPort
	int port;

	@Autowired
	Notes notes;

	@Autowired
	ReplicaRoutingDataSource dataSource;

	@Autowired
	MeterRegistry meters;

	NotesClient client;

	NotesClient otherClient;

	@BeforeAll
	static void startTheOtherInstance(ReplicatedPostgres cluster) {
		Map<String, Object> properties = new LinkedHashMap<>(cluster.properties());
		properties.put("server.port", "0");
		properties.put("replica-routing.read-your-writes.mode", "causal");
		properties.put("replica-routing.read-your-writes.max-wait", "0ms");
		properties.put("replica-routing.read-your-writes.token-secret", SECRET);
		properties.put("replica-routing.max-replication-lag", "10m");
		otherInstance = new SpringApplicationBuilder(ReadYourWritesTestApplication.class).properties(properties).run();
	}

	@AfterAll
	static void stopTheOtherInstance() {
		if (otherInstance != null) {
			otherInstance.close();
		}
	}

	@BeforeEach
	void createTable(ReplicatedPostgres cluster) {
		this.client = new NotesClient(this.port);
		this.otherClient = new NotesClient(((WebServerApplicationContext) otherInstance).getWebServer().getPort());
		this.notes.createTable();
		cluster.awaitAllReplicated();
	}

	@Test
	void tokenFromTheOtherInstanceSeesItsWriteHereThoughNoProbeHereHasSeenThatPosition(ReplicatedPostgres cluster) {
		ReplicatedDatabase database = ReplicatedDatabase.of(cluster);
		database.holdBackReplicas();
		try {
			String body = "note-" + UUID.randomUUID();
			HttpResponse<String> written = this.otherClient.write(body);
			long id = Long.parseLong(written.body());

			Served withCookie = this.client.readWithCookie(id, cookieToken(written));
			Served withHeader = this.client.readWithHeader(id, headerToken(written));

			System.out.println("[read-your-writes] token of the other instance, replicas held back: reads on "
					+ withCookie.target() + ", " + withHeader.target());
			assertThat(List.of(withCookie, withHeader)).allSatisfy((read) -> {
				assertThat(read.body()).isEqualTo(body);
				assertThat(read.port()).isEqualTo(database.primaryPort());
				assertThat(read.reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES.tag());
			});
		}
		finally {
			database.releaseReplicas();
		}
	}

	@Test
	void forgedAndEditedTokensUnderSteadyWritesAreIgnoredAndReadsStayOnReplicas(ReplicatedPostgres cluster) {
		ReplicatedDatabase database = ReplicatedDatabase.of(cluster);
		String body = "note-" + UUID.randomUUID();
		HttpResponse<String> written = this.client.write(body);
		long id = Long.parseLong(written.body());
		String real = headerToken(written);
		cluster.awaitAllReplicated();
		try (SteadyWrites writes = SteadyWrites.start(cluster.primary(), 2)) {
			await("steady writes on the primary").atMost(Duration.ofSeconds(10)).until(() -> writes.writes() > 100);
			long now = System.currentTimeMillis();
			List<String> forged = List.of("1." + now + ".-", "1." + now + ".9223372036854775000", "2." + now + ".-",
					withField(real, 1, String.valueOf(now)), withField(real, 2, "9223372036854775000"),
					signed(SECRET + "-of-another-application", now, Long.MAX_VALUE / 2));

			List<Served> reads = new ArrayList<>();
			for (String token : forged) {
				for (int i = 0; i < 5; i++) {
					reads.add(this.client.readWithHeader(id, token));
				}
			}

			long onPrimary = reads.stream().filter((read) -> read.port() == database.primaryPort()).count();
			System.out.println("[read-your-writes] forged tokens under " + writes.writes()
					+ " steady writes, max-wait 0: " + onPrimary + " of " + reads.size() + " reads on the primary");
			assertThat(reads).allSatisfy((read) -> {
				assertThat(database.replicaPorts()).as("server of the read").contains(read.port());
				assertThat(read.reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES.tag());
				assertThat(read.body()).isEqualTo(body);
			});
		}
	}

	@Test
	void verifiedTokenNamingAPositionThePrimaryProvablyLacksIsJudgedByItsWriteTimeAndReadsOnReplicas(
			ReplicatedPostgres cluster) {
		ReplicatedDatabase database = ReplicatedDatabase.of(cluster);
		String body = "note-" + UUID.randomUUID();
		long id = Long.parseLong(this.client.write(body).body());
		cluster.awaitAllReplicated();
		// Signed with the secret, but from another history: a primary restored from a backup, or
		// another cluster's application sharing the secret. Written a minute ago at a position this
		// primary, probed since, has not reached.
		long position = cluster.primaryPosition().value() + (1L << 40);
		String token = signed(SECRET, System.currentTimeMillis() - 60_000, position);

		List<Served> reads = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			reads.add(this.client.readWithHeader(id, token));
		}

		System.out.println("[read-your-writes] verified token with a position the primary lacks: reads on "
				+ reads.stream().map(Served::target).toList());
		assertThat(reads).allSatisfy((read) -> {
			assertThat(database.replicaPorts()).as("server of the read").contains(read.port());
			assertThat(read.reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES.tag());
			assertThat(read.body()).isEqualTo(body);
		});
	}

	@Test
	void withThePrimaryPoolExhaustedCausalReadsOnReplicasKeepTheirUsualLatency(ReplicatedPostgres cluster)
			throws SQLException {
		ReplicatedDatabase database = ReplicatedDatabase.of(cluster);
		// Warm: the connection defaults are known and every pool is started.
		this.client.read(0);
		List<Connection> held = new ArrayList<>();
		try {
			// Long transactions hold every connection of this instance's primary pool.
			for (int i = 0; i < PRIMARY_POOL; i++) {
				Connection connection = this.dataSource.getPrimary().unwrap(DataSource.class).getConnection();
				connection.setAutoCommit(false);
				connection.createStatement().execute("select txid_current()");
				held.add(connection);
			}
			// A write this instance has never seen the position of, made on the other instance.
			String body = "note-" + UUID.randomUUID();
			HttpResponse<String> written = this.otherClient.write(body);
			cluster.awaitAllReplicated();

			Served read = this.client.readWithHeader(Long.parseLong(written.body()), headerToken(written));

			System.out.println("[read-your-writes] primary pool exhausted: causal read on " + read.target() + " in "
					+ read.elapsed().toMillis() + " ms (primary connection timeout " + PRIMARY_CONNECTION_TIMEOUT_MILLIS
					+ " ms)");
			assertThat(read.body()).isEqualTo(body);
			assertThat(database.replicaPorts()).as("server of the read").contains(read.port());
			assertThat(read.elapsed()).isLessThan(USUAL_LATENCY);
		}
		finally {
			for (Connection connection : held) {
				connection.rollback();
				connection.close();
			}
		}
	}

	@Test
	void readYourWritesReadsServedByReplicasAreCountedByReplica(ReplicatedPostgres cluster) {
		ReplicatedDatabase database = ReplicatedDatabase.of(cluster);
		String body = "note-" + UUID.randomUUID();
		HttpResponse<String> written = this.client.write(body);
		cluster.awaitAllReplicated();
		Map<String, Double> before = readYourWritesRoutes();

		List<Served> reads = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			reads.add(this.client.readWithHeader(Long.parseLong(written.body()), headerToken(written)));
		}

		Map<String, Double> after = readYourWritesRoutes();
		System.out.println("[read-your-writes] replica.routing.routes{reason=read-your-writes} before " + before
				+ ", after " + after + "; reads on " + reads.stream().map(Served::target).toList());
		assertThat(reads).allSatisfy((read) -> {
			assertThat(read.body()).isEqualTo(body);
			assertThat(database.replicaPorts()).as("server of the read").contains(read.port());
		});
		for (String replica : database.portsByTarget().keySet()) {
			long served = reads.stream().filter((read) -> read.target().equals(replica)).count();
			assertThat(after.getOrDefault(replica, 0.0) - before.getOrDefault(replica, 0.0))
				.as("read-your-writes routes to " + replica)
				.isEqualTo(served);
		}
	}

	/** The {@code replica.routing.routes} count of each target for the reason read-your-writes. */
	private Map<String, Double> readYourWritesRoutes() {
		Map<String, Double> counts = new LinkedHashMap<>();
		for (FunctionCounter counter : this.meters.find("replica.routing.routes")
			.tag("reason", RoutingReason.READ_YOUR_WRITES.tag())
			.functionCounters()) {
			counts.put(counter.getId().getTag("target"), counter.count());
		}
		return counts;
	}

	private static String headerToken(HttpResponse<String> response) {
		return response.headers().firstValue(ConsistencyTokenFilter.HEADER).orElseThrow();
	}

	private static String cookieToken(HttpResponse<String> response) {
		String cookie = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((value) -> value.startsWith(ConsistencyTokenFilter.COOKIE + "="))
			.findFirst()
			.orElseThrow();
		return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
	}

	/**
	 * The token an instance holding {@code secret} gives a scope that wrote at
	 * {@code writeMillis} and left the primary at {@code position}, in the format
	 * {@link ConsistencyTokens} describes; checked against the library's own reading of it.
	 */
	private static String signed(String secret, long writeMillis, long position) {
		String payload = "2." + writeMillis + "." + position;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
			String token = payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
			ConsistencyScope read = ConsistencyTokens.withSecret(secret).scope(token, writeMillis);
			assertThat(read).as("the library's reading of the token").isNotNull();
			assertThat(read.position()).isEqualTo(position);
			return token;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The token with one of its dot-separated fields replaced. */
	private static String withField(String token, int index, String value) {
		String[] fields = token.split("\\.");
		fields[index] = value;
		return String.join(".", fields);
	}

}
