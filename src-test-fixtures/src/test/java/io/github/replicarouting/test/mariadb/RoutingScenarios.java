package io.github.replicarouting.test.mariadb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.test.app.ServerPorts.Served;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The routing rules over a real replicated database, whatever the vendor: read-only transactions
 * on a replica, read-write ones on the primary, with the node that ran each one reported by the
 * server itself and compared with what the router said. Subclasses bring the cluster.
 */
public abstract class RoutingScenarios {

	@Autowired
	ServerReads reads;

	protected abstract ReplicatedDatabase database();

	@Test
	void readOnlyTransactionsRunOnTheReplicaTheyWereRoutedToAndSpreadOverAll() {
		ReplicatedDatabase database = database();
		await("a replica serves reads").atMost(Duration.ofSeconds(10))
			.until(() -> database.replicaPorts().contains(this.reads.readOnly().port()));

		List<Served> served = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			served.add(this.reads.readOnly());
		}

		Map<String, Integer> ports = database.portsByTarget();
		System.out.println("[routing] " + database.vendor() + ": 20 read-only transactions on ports "
				+ served.stream().map(Served::port).distinct().sorted().toList() + ", replicas " + database.replicaPorts());
		assertThat(served).extracting(Served::port).allMatch(database.replicaPorts()::contains);
		assertThat(served).extracting(Served::port).containsAll(database.replicaPorts());
		assertThat(served).allSatisfy((read) -> {
			assertThat(read.decision()).isNotNull();
			assertThat(read.decision().reason()).isEqualTo(RoutingReason.READ_ONLY);
			assertThat(read.port()).isEqualTo(ports.get(read.decision().target()));
		});
	}

	@Test
	void readWriteTransactionsRunOnThePrimary() {
		ReplicatedDatabase database = database();
		List<Served> served = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			served.add(this.reads.readWrite());
		}

		assertThat(served).extracting(Served::port).containsOnly(database.primaryPort());
		assertThat(served).extracting((read) -> read.decision().target()).containsOnly(RoutingDecision.PRIMARY);
		assertThat(served).extracting((read) -> read.decision().reason()).containsOnly(RoutingReason.READ_WRITE);
	}

}
