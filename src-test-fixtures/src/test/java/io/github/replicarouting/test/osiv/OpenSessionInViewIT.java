package io.github.replicarouting.test.osiv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.test.Db;
import io.github.replicarouting.test.PoolUsage;
import io.github.replicarouting.test.RoutingRecorder;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Open-session-in-view, Spring Boot's default: the request's entity manager holds one logical
 * connection across every transaction of the request and the lazy loads between them. Each
 * transaction is still routed afresh when it begins. Over real HTTP, Spring Data JPA and
 * Hibernate, with the server's own {@code inet_server_port()} saying where each transaction ran
 * and {@code now()} whether its statements ran in one database transaction.
 */
@SpringBootTest(classes = OsivTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.jpa.open-in-view=true",
				"spring.jpa.hibernate.ddl-auto=create-drop" })
@ReplicatedPostgresTest(replicas = 2)
class OpenSessionInViewIT {

	private static final int REQUESTS = 10;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Nested
	@DirtiesContext
	class BootDefaults extends Requests {

		@Test
		void readOnlyTransactionAfterALazyLoadRunsOnAReplica(ReplicatedPostgres cluster) {
			List<Visit> visits = visit("GET", "books-then-read");

			assertThat(visits).as("requests whose second read-only transaction ran on a replica")
				.allSatisfy((visit) -> assertRanOnReplica(visit, cluster));
			assertThat(visits).allSatisfy((visit) -> assertThat(visit.decisions())
				.extracting(OpenSessionInViewIT::describe)
				.containsExactly("replica/read-your-writes", "primary/non-transactional", "replica/read-only"));
		}

		@Test
		void readOnlyTransactionAfterAServiceLoadAndALazyLoadRunsOnAReplica(ReplicatedPostgres cluster) {
			List<Visit> visits = visit("GET", "load-books-then-read");

			assertThat(visits).as("requests whose second read-only transaction ran on a replica")
				.allSatisfy((visit) -> assertRanOnReplica(visit, cluster));
			assertThat(visits).allSatisfy((visit) -> assertThat(visit.decisions())
				.extracting(OpenSessionInViewIT::describe)
				.containsExactly("replica/read-only", "primary/non-transactional", "replica/read-only"));
		}

	}

	@Nested
	@TestPropertySource(properties = "replica-routing.non-transactional-reads=replica")
	@DirtiesContext
	class NonTransactionalReadsOnReplicas extends Requests {

		@Test
		void writeAfterALazyLoadOnAReplicaRunsOnThePrimary(ReplicatedPostgres cluster) {
			List<Visit> visits = visit("POST", "books-then-write");

			assertThat(visits).as("requests whose write after a lazy load on a replica ran on the primary")
				.allSatisfy((visit) -> assertRanOnPrimary(visit, cluster));
			assertThat(visits).allSatisfy((visit) -> assertThat(visit.decisions())
				.extracting(OpenSessionInViewIT::describe)
				.containsExactly("replica/read-your-writes", "replica/non-transactional", "primary/read-write"));
			assertThat(sequelsOnPrimary(cluster)).isEqualTo(REQUESTS);
		}

	}

	/**
	 * The set-up Hibernate's performance guides recommend: the pool hands out connections with
	 * auto-commit off and Hibernate never touches auto-commit, so no transaction begins or ends
	 * with {@code setAutoCommit}. The replicas' pools keep their default (auto-commit on).
	 */
	@Nested
	@TestPropertySource(properties = { "replica-routing.primary.hikari.auto-commit=false",
			"spring.jpa.properties.hibernate.connection.provider_disables_autocommit=true" })
	@DirtiesContext
	class ProviderDisablesAutoCommit extends Requests {

		@Test
		void readOnlyTransactionAfterALazyLoadRunsOnAReplicaInOneTransaction(ReplicatedPostgres cluster) {
			List<Visit> visits = visit("GET", "books-then-read");

			assertThat(visits).as("requests whose second read-only transaction ran on a replica")
				.allSatisfy((visit) -> assertRanOnReplica(visit, cluster));
			assertThat(visits).allSatisfy((visit) -> assertThat(visit.decisions())
				.extracting(OpenSessionInViewIT::describe)
				.containsExactly("replica/read-your-writes", "primary/non-transactional", "replica/read-only"));
		}

		@Test
		void writeAfterALazyLoadRunsOnThePrimaryAndCommits(ReplicatedPostgres cluster) {
			List<Visit> visits = visit("POST", "books-then-write");

			assertThat(visits).as("requests whose write after a lazy load ran on the primary")
				.allSatisfy((visit) -> assertRanOnPrimary(visit, cluster));
			assertThat(visits).allSatisfy((visit) -> assertThat(visit.decisions())
				.extracting(OpenSessionInViewIT::describe)
				.containsExactly("replica/read-your-writes", "primary/non-transactional", "primary/read-write"));
			assertThat(sequelsOnPrimary(cluster)).isEqualTo(REQUESTS);
		}

	}

	/**
	 * What every scenario shares: an author with three books, replicated everywhere before each
	 * test, and after it every pooled connection back in its pool.
	 */
	abstract static class Requests {

		@LocalServerPort
		int port;

		@Autowired
		Library library;

		@Autowired
		RoutingRecorder routing;

		@Autowired
		ReplicaRoutingDataSource dataSource;

		String author;

		long authorId;

		@BeforeEach
		void addAuthor(ReplicatedPostgres cluster) {
			this.author = "author-" + UUID.randomUUID();
			this.authorId = this.library.addAuthor(this.author, 3);
			cluster.awaitAllReplicated();
		}

		@AfterEach
		void everyConnectionIsBackInItsPool() {
			// The request's entity manager closes after the response is sent.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(PoolUsage.of(this.dataSource)).as("active/in-flight by target")
					.isEqualTo(PoolUsage.idle(this.dataSource)));
		}

		List<Visit> visit(String method, String action) {
			List<Visit> visits = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				this.routing.clear();
				HttpResponse<String> response = send(method, "/authors/" + this.authorId + "/" + action);
				visits.add(Visit.of(response, this.routing.decisions()));
			}
			return visits;
		}

		int sequelsOnPrimary(ReplicatedPostgres cluster) {
			return Integer.parseInt(Db.value(cluster.primary(),
					"select count(*) from book where title = '" + this.author + " sequel'"));
		}

		private HttpResponse<String> send(String method, String path) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.method(method, HttpRequest.BodyPublishers.noBody())
				.timeout(Duration.ofSeconds(30))
				.build();
			try {
				return http.send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	static void assertRanOnReplica(Visit visit, ReplicatedPostgres cluster) {
		assertThat(visit.status()).as(visit.toString()).isEqualTo(200);
		assertThat(visit.books()).as("books loaded lazily").isEqualTo(3);
		RoutingDecision last = visit.decisions().get(visit.decisions().size() - 1);
		assertThat(last.isPrimary()).as(visit.toString()).isFalse();
		assertThat(visit.port()).as("the server that ran it, " + visit).isEqualTo(cluster.replica(last.target()).port());
		assertThat(visit.oneTransaction()).as("its statements ran in one transaction, " + visit).isTrue();
	}

	static void assertRanOnPrimary(Visit visit, ReplicatedPostgres cluster) {
		assertThat(visit.status()).as(visit.toString()).isEqualTo(200);
		// Three, and the sequels of the requests before whose writes have replicated.
		assertThat(visit.books()).as("books loaded lazily").isBetween(3, 3 + REQUESTS);
		assertThat(visit.port()).as("the server that ran it, " + visit).isEqualTo(cluster.primary().port());
		assertThat(visit.oneTransaction()).as("its statements ran in one transaction, " + visit).isTrue();
	}

	static String describe(RoutingDecision decision) {
		return (decision.isPrimary() ? "primary" : "replica") + "/" + decision.reason().tag();
	}

	/**
	 * One request: its answer, and where the router sent each connection it routed.
	 */
	record Visit(int status, String body, List<RoutingDecision> decisions) {

		static Visit of(HttpResponse<String> response, List<RoutingDecision> decisions) {
			return new Visit(response.statusCode(), response.body(), decisions);
		}

		int books() {
			return Integer.parseInt(part(0));
		}

		int port() {
			return Integer.parseInt(part(1));
		}

		boolean oneTransaction() {
			return Boolean.parseBoolean(part(2));
		}

		private String part(int index) {
			return this.body.split("\\|")[index];
		}

		@Override
		public String toString() {
			return this.status + " " + this.body + ", routed: " + this.decisions.stream()
				.map((decision) -> decision.target() + "/" + decision.reason().tag() + " " + decision.transactionName())
				.toList();
		}

	}

}
