package io.github.replicarouting.test.mariadb;

import java.io.IOException;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.TcpProxy;

/**
 * {@link HungReplicaScenarios} on MariaDB, through MariaDB Connector/J.
 */
@ReplicatedMariaDbTest(replicas = 2, registerProperties = false)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.health.circuit-breaker.wait-duration-in-open-state=2s",
				"replica-routing.health.circuit-breaker.permitted-number-of-calls-in-half-open-state=2" })
@DirtiesContext
class MariaDbHungReplicaIT extends HungReplicaScenarios {

	@DynamicPropertySource
	static void routing(DynamicPropertyRegistry registry) throws IOException {
		ReplicatedMariaDb cluster = ReplicatedMariaDb.forTestClass(MariaDbHungReplicaIT.class);
		ClusterNode replica = cluster.replica("replica-1");
		proxy = TcpProxy.forward(replica.port());
		cluster.registerProperties(registry);
		String url = replica.jdbcUrl().replace(":" + replica.port() + "/", ":" + proxy.port() + "/");
		registry.add("replica-routing.replicas.replica-1.url", () -> url);
	}

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedMariaDb.forTestClass(getClass()));
	}

}
