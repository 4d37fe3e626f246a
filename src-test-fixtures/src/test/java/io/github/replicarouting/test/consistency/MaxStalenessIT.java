package io.github.replicarouting.test.consistency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.app.ServerPorts.Served;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;
import io.github.replicarouting.test.readyourwrites.SteadyWrites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @MaxStaleness} on real replication: {@code replica-1} current, {@code replica-2} held
 * {@value #BEHIND_1} ms and {@code replica-3} {@value #BEHIND_3} ms behind (PostgreSQL applies each
 * commit that long after the primary made it: {@code recovery_min_apply_delay}), under steady
 * writes, all three within {@code max-replication-lag} (10 s) and so in rotation. Reads bounded at
 * 500 ms may only reach {@code replica-1} (or the primary, saying why); reads bounded at 2 s
 * {@code replica-1} and {@code replica-2}. Each read asks the server where it ran.
 */
@SpringBootTest(classes = ConsistencyTestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "replica-routing.max-replication-lag=10s", "replica-routing.health.probe-interval=100ms" })
@ReplicatedPostgresTest(replicas = 3)
@DirtiesContext
class MaxStalenessIT {

	static final long BEHIND_1 = 1000;

	static final long BEHIND_3 = 5000;

	@Autowired
	BoundedReads reads;

	@Autowired
	ReplicaMonitor monitor;

	SteadyWrites writes;

	@BeforeEach
	void holdReplicasBehind(ReplicatedPostgres cluster) {
		cluster.delayReplication("replica-2", Duration.ofMillis(BEHIND_1));
		cluster.delayReplication("replica-3", Duration.ofMillis(BEHIND_3));
		this.writes = SteadyWrites.start(cluster.primary(), 20);
		await("replica-2 and replica-3 measured behind, all three in rotation").atMost(Duration.ofSeconds(60))
			.until(() -> lag("replica-2") >= BEHIND_1 * 8 / 10 && lag("replica-3") >= BEHIND_3 * 8 / 10
					&& this.monitor.replicas().stream().allMatch((replica) -> replica.isCandidate()));
	}

	@AfterEach
	void catchUp(ReplicatedPostgres cluster) {
		this.writes.close();
		cluster.resumeReplication("replica-2");
		cluster.resumeReplication("replica-3");
		cluster.awaitAllReplicated();
	}

	@Test
	void readsBoundedAt500MillisNeverReachAReplicaBehindThat(ReplicatedPostgres cluster) {
		Map<String, Integer> served = serve(cluster, 1000, this.reads::within500Millis);

		report("500ms", served);
		assertThat(served).doesNotContainKeys("replica-2", "replica-3").containsKey("replica-1");
	}

	@Test
	void readsBoundedAt2SecondsUseTheReplicasWithinIt(ReplicatedPostgres cluster) {
		Map<String, Integer> served = serve(cluster, 300, this.reads::within2Seconds);

		report("2s", served);
		assertThat(served).doesNotContainKey("replica-3").containsKeys("replica-1", "replica-2");
	}

	/**
	 * Runs {@code count} reads; counts them by the node that ran them, as the server says, and
	 * checks that the router said the same and why a read went to the primary.
	 */
	private Map<String, Integer> serve(ReplicatedPostgres cluster, int count, Supplier<Served> read) {
		Map<String, Integer> served = new TreeMap<>();
		List<Served> primaryReads = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Served one = read.get();
			String node = nodeAt(cluster, one.port());
			served.merge(node, 1, Integer::sum);
			RoutingDecision decision = one.decision();
			assertThat(decision).isNotNull();
			assertThat(decision.target()).as("the router's decision for a read that ran on " + node).isEqualTo(node);
			if (decision.isPrimary()) {
				primaryReads.add(one);
			}
		}
		assertThat(primaryReads).as("reads sent to the primary, and why")
			.allSatisfy((one) -> assertThat(one.decision().reason()).isEqualTo(RoutingReason.MAX_STALENESS));
		return served;
	}

	private void report(String bound, Map<String, Integer> served) {
		System.out.println("[max-staleness] bound " + bound + ", replica-2 measured " + lag("replica-2")
				+ " ms and replica-3 " + lag("replica-3") + " ms behind; reads served by " + served);
	}

	private long lag(String replica) {
		return this.monitor.replica(replica).orElseThrow().lagMillis();
	}

	private static String nodeAt(ReplicatedPostgres cluster, int port) {
		if (cluster.primary().port() == port) {
			return RoutingDecision.PRIMARY;
		}
		return cluster.replicas().stream().filter((replica) -> replica.port() == port).map(ClusterNode::name)
			.findFirst().orElseThrow();
	}

}
