package io.github.replicarouting.test.repositoryreads;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;
import io.github.replicarouting.test.repositoryreads.AccountsClient.Call;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data repository methods called outside a transaction, in a JPA application on Spring
 * Boot's defaults ({@code open-in-view} on, {@code replica-routing.repository-reads} unset), over
 * HTTP and real replication: derived and declared queries read on a replica; a client reads its
 * own save at once, in the same request and, with its token, in the next, while replay is paused
 * on every replica (so a replica cannot have it); writes and reads inside a running read-write
 * transaction stay on the primary. The lag limit is high, so that paused replicas stay in
 * rotation; each read-your-writes mode is a subclass.
 */
@SpringBootTest(classes = RepositoryReadsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.jpa.hibernate.ddl-auto=create", "replica-routing.max-replication-lag=10m" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
abstract class RepositoryReadsScenarios {

	private static final String READ_YOUR_WRITES = RoutingReason.READ_YOUR_WRITES.tag();

	@LocalServerPort
	int port;

	ReplicatedDatabase database;

	@BeforeEach
	void cluster(ReplicatedPostgres cluster) {
		this.database = ReplicatedDatabase.of(cluster);
	}

	@AfterEach
	void resumeReplication() {
		this.database.releaseReplicas();
	}

	@Test
	void derivedQueryFromAFreshClientReadsOnAReplica() {
		String email = uniqueEmail();
		new AccountsClient(this.port).post("/accounts", email);
		this.database.awaitAllReplicated();

		Call read = new AccountsClient(this.port).findByEmail(email).get(0);

		assertThat(read.target()).startsWith("replica-");
		assertThat(read.reason()).isEqualTo(READ_YOUR_WRITES);
		assertThat(read.result()).isEqualTo("created");
	}

	@Test
	void declaredQueryRunsOnTheReplicaTheRouterNamed() {
		Call read = new AccountsClient(this.port).get("/accounts/port").get(0);

		assertThat(read.target()).startsWith("replica-");
		// The server's own account of where the query ran.
		assertThat(Integer.parseInt(read.result())).isEqualTo(this.database.portsByTarget().get(read.target()));
	}

	@Test
	void otherQueryMethodsAndInheritedReadsReadOnReplicas() {
		AccountsClient client = new AccountsClient(this.port);
		List<Call> calls = new ArrayList<>(client.get("/accounts/latest"));
		calls.addAll(client.get("/accounts/named?name=created"));
		calls.addAll(client.get("/accounts/exists?email=" + uniqueEmail()));
		calls.addAll(client.get("/accounts/finders?name=created"));

		assertThat(calls).extracting(Call::name)
			.containsExactly("findTop20ByOrderByIdDesc", "named", "countByName", "existsByEmail", "count",
					"findAll(Specification)", "count(Specification)", "findAll(Example)", "exists(Example)",
					"findAll(Predicate)", "count(Predicate)");
		assertThat(calls).allSatisfy((call) -> {
			assertThat(call.target()).as(call.name()).startsWith("replica-");
			assertThat(call.reason()).as(call.name()).isEqualTo(READ_YOUR_WRITES);
		});
	}

	@Test
	void saveThenFindInTheSameRequestSeesTheSave() {
		this.database.holdBackReplicas();
		String email = uniqueEmail();

		List<Call> calls = new AccountsClient(this.port).post("/accounts", email);

		assertThat(calls.get(0).target()).isEqualTo("primary");
		Call read = calls.get(1);
		assertThat(read.result()).isEqualTo("created");
		assertThat(read.target()).isEqualTo("primary");
		assertThat(read.reason()).isEqualTo(READ_YOUR_WRITES);
	}

	@Test
	void nextRequestWithTheTokenSeesTheSaveAndAnotherClientReadsOnAReplica() {
		this.database.holdBackReplicas();
		String email = uniqueEmail();
		AccountsClient writer = new AccountsClient(this.port);
		writer.post("/accounts", email);
		assertThat(writer.token()).as("the consistency token cookie").isNotNull();

		Call own = writer.findByEmail(email).get(0);
		Call stranger = new AccountsClient(this.port).findByEmail(email).get(0);

		assertThat(own.result()).isEqualTo("created");
		assertThat(own.reason()).isEqualTo(READ_YOUR_WRITES);
		// The token alone made the difference: without it the read is on a replica that cannot
		// have the save yet.
		assertThat(stranger.target()).startsWith("replica-");
		assertThat(stranger.result()).isEmpty();
	}

	@Test
	void findThenSaveInTheSameRequestWritesOnThePrimary() {
		String email = uniqueEmail();

		List<Call> calls = new AccountsClient(this.port).post("/accounts/after-read", email);

		assertThat(calls.get(0).target()).startsWith("replica-");
		assertThat(calls.get(0).result()).isEmpty();
		assertThat(calls.get(1).target()).isEqualTo("primary");
		assertThat(calls.get(1).reason()).isEqualTo(RoutingReason.READ_WRITE.tag());
		assertThat(calls.get(2).result()).isEqualTo("created after a read");
	}

	@Test
	void derivedQueryInsideAReadWriteTransactionKeepsItsConnection() {
		this.database.holdBackReplicas();

		Call call = new AccountsClient(this.port).post("/accounts/in-transaction", uniqueEmail()).get(0);

		// One connection for the whole transaction, and the query saw the transaction's own write.
		assertThat(call.targets()).containsExactly("primary");
		assertThat(call.reasons()).containsExactly(RoutingReason.READ_WRITE.tag());
		assertThat(call.result()).isEqualTo("created in a transaction");
	}

	@Test
	void modifyingQueryWritesOnThePrimary() {
		String email = uniqueEmail();
		AccountsClient client = new AccountsClient(this.port);
		client.post("/accounts", email);

		Call rename = client.post("/accounts/rename?email=" + email, "renamed").get(0);

		assertThat(rename.target()).isEqualTo("primary");
		assertThat(rename.reason()).isEqualTo(RoutingReason.READ_WRITE.tag());
		assertThat(rename.result()).isEqualTo("1");
	}

	private static String uniqueEmail() {
		return UUID.randomUUID() + "@example.com";
	}

}
