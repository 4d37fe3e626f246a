package io.github.replicarouting.test.mariadb;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.replicarouting.test.ClusterNode;

/**
 * {@link PrivilegedReplicaUserScenarios} through MariaDB Connector/J, whose
 * {@code setReadOnly(true)} sends nothing to the server.
 */
@ReplicatedMariaDbTest(replicas = 2, registerProperties = false)
@SpringBootTest(classes = { VendorTestApplication.class, Audits.class }, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.non-transactional-reads=replica",
				"replica-routing.health.probe-interval=500ms" })
@DirtiesContext
class MariaDbPrivilegedReplicaUserIT extends PrivilegedReplicaUserScenarios {

	@DynamicPropertySource
	static void routing(DynamicPropertyRegistry registry) {
		registerProperties(registry, ReplicatedMariaDb.forTestClass(MariaDbPrivilegedReplicaUserIT.class),
				ClusterNode::jdbcUrl);
	}

	@Override
	protected ReplicatedMariaDb cluster() {
		return ReplicatedMariaDb.forTestClass(getClass());
	}

}
