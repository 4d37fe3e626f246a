package io.github.replicarouting.test.mariadb;

import java.time.Duration;

import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.ClusterNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RoutingScenarios} on the MariaDB primary and replicas through MySQL Connector/J
 * ({@code jdbc:mysql:} URLs), the other driver users pick: routing, and the replica probes of the
 * MySQL/MariaDB dialect, must work the same through it.
 */
@ReplicatedMariaDbTest(replicas = 2, registerProperties = false)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = "replica-routing.health.probe-interval=500ms")
@DirtiesContext
class MySqlConnectorRoutingIT extends RoutingScenarios {

	// The fixture's servers run without TLS.
	private static final String OPTIONS = "?sslMode=DISABLED&allowPublicKeyRetrieval=true";

	@Autowired
	ReplicaMonitor monitor;

	@DynamicPropertySource
	static void routing(DynamicPropertyRegistry registry) {
		ReplicatedMariaDb cluster = ReplicatedMariaDb.forTestClass(MySqlConnectorRoutingIT.class);
		registry.add("replica-routing.primary.url", () -> mysqlUrl(cluster.primary()));
		registry.add("replica-routing.primary.username", () -> cluster.primary().username());
		registry.add("replica-routing.primary.password", () -> cluster.primary().password());
		for (ClusterNode replica : cluster.replicas()) {
			registry.add("replica-routing.replicas." + replica.name() + ".url", () -> mysqlUrl(replica));
		}
	}

	private static String mysqlUrl(ClusterNode node) {
		return node.jdbcUrl().replace("jdbc:mariadb:", "jdbc:mysql:") + OPTIONS;
	}

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedMariaDb.forTestClass(getClass()));
	}

	@Test
	void probesReadReplicationStatusThroughTheMySqlDriver() {
		// UP needs the probe to have read @@read_only and SHOW SLAVE STATUS through this driver.
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(this.monitor.replicas())
				.allSatisfy((replica) -> assertThat(replica.state()).isEqualTo(ReplicaState.UP)));
		assertThat(this.monitor.replicas()).allSatisfy((replica) -> assertThat(replica.lagMillis()).isLessThan(2000));
	}

}
