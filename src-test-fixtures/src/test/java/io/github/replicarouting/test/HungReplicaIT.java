package io.github.replicarouting.test;

import java.io.IOException;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.replicarouting.test.mariadb.HungReplicaScenarios;
import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.mariadb.VendorTestApplication;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

/**
 * {@link HungReplicaScenarios} on PostgreSQL, through pgjdbc.
 */
@ReplicatedPostgresTest(replicas = 2, registerProperties = false)
@SpringBootTest(classes = VendorTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.health.probe-interval=500ms", "replica-routing.health.probe-timeout=1s",
				"replica-routing.health.circuit-breaker.wait-duration-in-open-state=2s",
				"replica-routing.health.circuit-breaker.permitted-number-of-calls-in-half-open-state=2" })
@DirtiesContext
class HungReplicaIT extends HungReplicaScenarios {

	@DynamicPropertySource
	static void routing(DynamicPropertyRegistry registry) throws IOException {
		ReplicatedPostgres cluster = ReplicatedPostgres.forTestClass(HungReplicaIT.class);
		ClusterNode replica = cluster.replica("replica-1");
		proxy = TcpProxy.forward(replica.port());
		cluster.registerProperties(registry);
		String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres";
		registry.add("replica-routing.replicas.replica-1.url", () -> url);
	}

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedPostgres.forTestClass(getClass()));
	}

}
