package io.github.replicarouting.test.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.replicarouting.health.ReplicaHealth;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.app.ServerPorts.Served;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The migration barrier on real replication: {@code replica-1}'s replay is paused, then an
 * application starts whose Flyway migration adds a column its read-only queries use. No read
 * reaches {@code replica-1} (where the column does not exist yet) while it has not replayed the
 * migration: it is {@code LAGGING} and says why, although its lag is within
 * {@code max-replication-lag}. Once its replay resumes, it rejoins.
 */
class MigrationBarrierIT {

	private static final int READS = 60;

	private static ReplicatedPostgres cluster;

	@BeforeAll
	static void startCluster() throws SQLException {
		cluster = ReplicatedPostgres.builder().replicas(2).start();
		ClusterNode primary = cluster.primary();
		try (Connection connection = DriverManager.getConnection(primary.jdbcUrl(), primary.username(),
				primary.password()); Statement statement = connection.createStatement()) {
			statement.execute("create table item (id bigint primary key, name text)");
			statement.execute("insert into item values (1, 'one')");
		}
		cluster.awaitAllReplicated();
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@Test
	void aReplicaServesReadsOnlyOnceItHasReplayedTheMigrationOfStartup() {
		cluster.pauseReplication("replica-1");
		try (ConfigurableApplicationContext application = start()) {
			MigratingApplication.Prices prices = application.getBean(MigratingApplication.Prices.class);
			ReplicaHealth paused = application.getBean(ReplicaMonitor.class).replica("replica-1").orElseThrow();

			Map<String, Integer> whilePaused = read(prices);
			System.out.println("[migration-barrier] replica-1 paused before the migration: " + READS + " reads served by "
					+ whilePaused + "; replica-1 " + paused.describe());
			assertThat(whilePaused).doesNotContainKey("replica-1").containsKey("replica-2");
			assertThat(paused.describe()).startsWith("LAGGING (has not replayed the schema migration of startup yet");

			cluster.resumeReplication("replica-1");
			await("replica-1 back in rotation").atMost(Duration.ofSeconds(30)).until(paused::isCandidate);
			Map<String, Integer> afterResume = read(prices);
			System.out.println("[migration-barrier] after resume: " + READS + " reads served by " + afterResume);
			assertThat(afterResume).containsKeys("replica-1", "replica-2");
		}
	}

	private static ConfigurableApplicationContext start() {
		List<String> properties = new ArrayList<>();
		cluster.properties().forEach((key, value) -> properties.add(key + "=" + value));
		properties.add("replica-routing.max-replication-lag=10m");
		properties.add("replica-routing.health.probe-interval=200ms");
		return new SpringApplicationBuilder(MigratingApplication.class).web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	private static Map<String, Integer> read(MigratingApplication.Prices prices) {
		Map<String, Integer> served = new TreeMap<>();
		for (int i = 0; i < READS; i++) {
			Served one = prices.price();
			served.merge(one.decision().target(), 1, Integer::sum);
			assertThat(nodeAt(one.port())).isEqualTo(one.decision().target());
		}
		return served;
	}

	private static String nodeAt(int port) {
		if (cluster.primary().port() == port) {
			return "primary";
		}
		return cluster.replicas().stream().filter((replica) -> replica.port() == port).map(ClusterNode::name)
			.findFirst().orElseThrow();
	}

}
