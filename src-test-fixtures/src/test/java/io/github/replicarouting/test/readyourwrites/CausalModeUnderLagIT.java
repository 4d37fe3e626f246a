package io.github.replicarouting.test.readyourwrites;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import io.github.replicarouting.test.ReplicatedPostgresTest;

/**
 * {@code causal} mode under real replication lag: no replica reaches a write's position while
 * replay is paused, so each {@code @ReadYourWrites} read waits {@code max-wait} (short here, to
 * keep a thousand pairs quick) and reads on the primary; none is stale.
 */
@SpringBootTest(classes = ReadYourWritesTestApplication.class,
		properties = { "replica-routing.read-your-writes.mode=causal", "replica-routing.read-your-writes.max-wait=20ms",
				"replica-routing.max-replication-lag=10m" })
@ReplicatedPostgresTest(replicas = 2)
@DirtiesContext
class CausalModeUnderLagIT extends ReadYourWritesUnderLag {

	@Override
	String mode() {
		return "causal";
	}

}
