package io.github.replicarouting.test.readyourwrites;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.mariadb.ReplicatedDatabase;
import io.github.replicarouting.test.mariadb.VendorTestApplication;
import io.github.replicarouting.test.mariadb.WriteBurstScenarios;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

/**
 * {@link WriteBurstScenarios} on PostgreSQL: a burst of concurrent writes reads no WAL position
 * ({@code pg_current_wal_lsn()}), and the reads after it share one.
 */
@SpringBootTest(classes = { VendorTestApplication.class, WriteBurstScenarios.CountingPositionsConfiguration.class },
		webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.read-your-writes.mode=causal", "replica-routing.read-your-writes.max-wait=100ms",
				"replica-routing.max-replication-lag=10m" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class CausalModeWriteBurstIT extends WriteBurstScenarios {

	@Override
	protected ReplicatedDatabase database() {
		return ReplicatedDatabase.of(ReplicatedPostgres.forTestClass(getClass()));
	}

}
