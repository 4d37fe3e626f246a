package io.github.replicarouting.test.sharding;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.replicarouting.ShardMismatchException;
import io.github.replicarouting.test.Db;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.sharding.TenantNotes.Read;
import io.github.replicarouting.test.sharding.TenantNotes.Written;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two real PostgreSQL clusters (primary + replica each) as shards {@code a} and {@code b} of one
 * tenant-keyed application: each tenant's writes on its own primary, its reads on its own
 * replica, and one shard's failures invisible to the other.
 */
@SpringBootTest(classes = ShardingTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.default-shard=a", "replica-routing.health.probe-interval=200ms",
				"replica-routing.max-replication-lag=10m", "spring.flyway.enabled=false" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class ShardingIT {

	static final ReplicatedPostgres a = cluster();

	static final ReplicatedPostgres b = cluster();

	@Autowired
	TenantNotes notes;

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
	@Order(10)
	void killingOneShardsReplicaLeavesTheOtherShardAlone() {
		long idA = this.notes.write("a", "before kill a").id();
		long idB = this.notes.write("b", "before kill b").id();
		a.awaitAllReplicated();
		b.awaitAllReplicated();

		b.kill("replica-1");

		Read fallback = await("b's reads on b's primary").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.notes.read("b", idB), (read) -> read.port() == b.primary().port());
		assertThat(fallback.seen()).isTrue();
		for (int i = 0; i < 20; i++) {
			Read readA = this.notes.read("a", idA);
			assertThat(readA.port()).as("a's read %d", i).isEqualTo(a.replica("replica-1").port());
			assertThat(readA.seen()).isTrue();
		}
	}

}
