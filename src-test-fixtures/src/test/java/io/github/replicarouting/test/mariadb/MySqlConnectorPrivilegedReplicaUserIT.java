package io.github.replicarouting.test.mariadb;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link PrivilegedReplicaUserScenarios} through MySQL Connector/J ({@code jdbc:mysql:} URLs),
 * whose {@code setReadOnly(true)} sends {@code SET SESSION TRANSACTION READ ONLY} on every call.
 */
@ReplicatedMariaDbTest(replicas = 2, registerProperties = false)
@SpringBootTest(classes = { VendorTestApplication.class, Audits.class }, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.non-transactional-reads=replica",
				"replica-routing.health.probe-interval=500ms" })
@DirtiesContext
class MySqlConnectorPrivilegedReplicaUserIT extends PrivilegedReplicaUserScenarios {

	// The fixture's servers run without TLS.
	private static final String OPTIONS = "?sslMode=DISABLED&allowPublicKeyRetrieval=true";

	@DynamicPropertySource
	static void routing(DynamicPropertyRegistry registry) {
		registerProperties(registry, ReplicatedMariaDb.forTestClass(MySqlConnectorPrivilegedReplicaUserIT.class),
				(node) -> node.jdbcUrl().replace("jdbc:mariadb:", "jdbc:mysql:") + OPTIONS);
	}

	@Override
	protected ReplicatedMariaDb cluster() {
		return ReplicatedMariaDb.forTestClass(getClass());
	}

}
