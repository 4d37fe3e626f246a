package io.github.replicarouting.test.mariadb;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@link WriteBurstScenarios} on MariaDB: a burst of concurrent writes reads no GTID position
 * ({@code @@gtid_binlog_pos}), and the reads after it share one.
 */
@ReplicatedMariaDbTest(replicas = 2)
@SpringBootTest(classes = { VendorTestApplication.class, WriteBurstScenarios.CountingPositionsConfiguration.class },
		webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.read-your-writes.mode=causal", "replica-routing.read-your-writes.max-wait=100ms",
				"replica-routing.max-replication-lag=10m" })
@DirtiesContext
class MariaDbCausalWriteBurstIT extends WriteBurstScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedMariaDb.forTestClass(getClass()));
	}

}
