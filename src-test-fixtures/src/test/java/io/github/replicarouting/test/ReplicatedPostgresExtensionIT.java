package io.github.replicarouting.test;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

@ReplicatedPostgresTest(replicas = 1)
class ReplicatedPostgresExtensionIT {

	private static ReplicatedPostgres clusterOfBeforeAll;

	private final ReplicatedPostgres clusterOfConstructor;

	ReplicatedPostgresExtensionIT(ReplicatedPostgres cluster) {
		this.clusterOfConstructor = cluster;
	}

	@BeforeAll
	static void rememberCluster(ReplicatedPostgres cluster) {
		clusterOfBeforeAll = cluster;
	}

	@Test
	void injectsOneRunningClusterPerClass(ReplicatedPostgres cluster) {
		assertThat(cluster).isSameAs(this.clusterOfConstructor)
			.isSameAs(clusterOfBeforeAll)
			.isSameAs(ReplicatedPostgres.forTestClass(ReplicatedPostgresExtensionIT.class));
		assertThat(cluster.replicas()).extracting(ClusterNode::name).containsExactly("replica-1");
		assertThat(Db.value(cluster.primary(), "select pg_is_in_recovery()")).isEqualTo("f");
		assertThat(Db.value(cluster.replica("replica-1"), "select pg_is_in_recovery()")).isEqualTo("t");
	}

	@Nested
	class NestedTests {

		@Test
		void shareTheCluster(ReplicatedPostgres cluster) {
			assertThat(cluster).isSameAs(clusterOfBeforeAll);
			assertThat(cluster.primary().isRunning()).isTrue();
		}

	}

}
