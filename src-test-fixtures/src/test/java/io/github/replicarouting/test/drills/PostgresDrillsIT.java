package io.github.replicarouting.test.drills;

import java.util.Locale;

import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.Db;
import io.github.replicarouting.test.ReplicatedCluster;
import io.github.replicarouting.test.postgresql.Lsn;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

/**
 * {@link DrillScenarios} on an embedded PostgreSQL primary with two streaming replicas.
 */
@ReplicatedPostgresTest(replicas = 2)
public class PostgresDrillsIT extends DrillScenarios<Lsn> {

	@Override
	protected ReplicatedCluster<Lsn> cluster() {
		return ReplicatedPostgres.forTestClass(getClass());
	}

	@Override
	protected String label() {
		return "PostgreSQL " + cluster().backend().name().toLowerCase(Locale.ROOT);
	}

	@Override
	protected boolean writable(ClusterNode node) {
		return "f".equals(Db.value(node, "select pg_is_in_recovery()"));
	}

	@Override
	protected int upstreamPort(ClusterNode replica) {
		return Integer.parseInt(Db.value(replica, "select sender_port from pg_stat_wal_receiver"));
	}

	@Override
	protected Lsn received(ClusterNode replica) {
		return Lsn.parse(Db.value(replica, "select pg_last_wal_receive_lsn()"));
	}

}
