package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLNonTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.SplitBrainException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@code failover.mode: follow} picks the node that takes writes from what each node's probe
 * found.
 */
class FailoverTests {

	private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	private final Map<String, PrimaryHealth> writers = new LinkedHashMap<>();

	private final Map<String, ReplicaHealth> readers = new LinkedHashMap<>();

	private final Failover failover;

	FailoverTests() {
		for (String name : new String[] { "primary", "replica-1", "replica-2" }) {
			RoutingTarget target = new RoutingTarget(name, new SimpleDriverDataSource(), "jdbc:postgresql://" + name + "/app",
					1);
			this.writers.put(name, new PrimaryHealth(target, () -> {
			}));
			this.readers.put(name, new ReplicaHealth(target, CircuitBreaker.ofDefaults(name), Duration.ofSeconds(5), () -> {
			}));
		}
		this.failover = new Failover(this.writers, this.readers, 2, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void writesStayOnThePrimaryWhileItIsTheOnlyWritableNode() throws Exception {
		round("primary", "a:5432/1", null, null);
		round("primary", "a:5432/1", null, null);
		assertThat(this.failover.writer()).isEqualTo("primary");
		assertThat(this.failover.failovers()).isZero();
	}

	@Test
	void twoUrlsThatReachOneServerAreOneNodeNeverASplitBrain() throws Exception {
		round("primary", "a:5432/1", "replica-1", "a:5432/1");
		round("primary", "a:5432/1", "replica-1", "a:5432/1");
		assertThat(this.failover.splitBrain()).isEmpty();
		assertThat(this.failover.writer()).isEqualTo("primary");
	}

	@Test
	void twoDistinctWritableServersAreASplitBrainThatFailsWritesAtOnceNamingBoth() throws Exception {
		round("primary", "a:5432/1", null, null);
		round("primary", "a:5432/1", "replica-1", "b:5432/1");
		assertThat(this.failover.splitBrain()).containsExactly("primary", "replica-1");
		assertThatExceptionOfType(SplitBrainException.class).isThrownBy(this.failover::writer)
			.withMessageContaining("primary")
			.withMessageContaining("replica-1");
		this.writers.get("replica-1").probeAnswered(new PrimaryProbeResult(false, null, "b:5432/1"));
		this.failover.roundJudged();
		assertThat(this.failover.writer()).isEqualTo("primary");
	}

	@Test
	void writesMoveToAPromotedNodeAfterConfirmationsRoundsAndTheMoveIsAccounted() throws Exception {
		PrimaryHealth primary = this.writers.get("primary");
		acknowledge(primary, 5);
		primary.lookStarted();
		// Acknowledged while the round reads the position: perhaps in it, perhaps not.
		acknowledge(primary, 1);
		primary.probeAnswered(new PrimaryProbeResult(true, 1000L, "a:5432/1"));
		primary.positionProbed(1000, NOW.toEpochMilli());
		this.failover.roundJudged();
		acknowledge(primary, 2);
		this.writers.get("primary").probeFailed(new SQLNonTransientConnectionException("refused", "08001"));
		this.readers.get("replica-1").positionProbed(900);
		this.writers.get("replica-1").probeAnswered(new PrimaryProbeResult(true, 950L, "b:5432/1"));
		this.failover.roundJudged();
		assertThat(this.failover.writer()).as("after one round").isEqualTo("primary");
		this.failover.roundJudged();
		assertThat(this.failover.writer()).as("after two rounds").isEqualTo("replica-1");
		assertThat(this.failover.failovers()).isEqualTo(1);
		assertThat(this.failover.lastFailover())
			.isEqualTo(new Failover.FailoverEvent("primary", "replica-1", NOW, 100, 3, false));
		this.failover.roundJudged();
		assertThat(this.failover.failovers()).as("logged and counted once").isEqualTo(1);
	}

	@Test
	void aCandidateMustBeTheOnlyWritableNodeForConsecutiveRounds() throws Exception {
		this.writers.get("primary").probeFailed(new SQLNonTransientConnectionException("refused", "08001"));
		round("replica-1", "b:5432/1", null, null);
		this.writers.get("replica-1").probeAnswered(new PrimaryProbeResult(false, null, "b:5432/1"));
		this.failover.roundJudged();
		round("replica-2", "c:5432/1", null, null);
		assertThat(this.failover.writer()).isEqualTo("primary");
		this.failover.roundJudged();
		assertThat(this.failover.writer()).isEqualTo("replica-2");
	}

	@Test
	void inExactModeTheWriterForgetsWritesEveryOtherNodeReplayedAndAFailoverCountsWhatThePromotedNodeLacks()
			throws Exception {
		WriteLedgerTests.IdentifyingDialect dialect = new WriteLedgerTests.IdentifyingDialect(true);
		Map<String, PrimaryHealth> writers = new LinkedHashMap<>();
		Map<String, ReplicaProber.ConnectionFactory> nodes = new LinkedHashMap<>();
		for (String name : new String[] { "primary", "replica-1", "replica-2" }) {
			RoutingTarget target = new RoutingTarget(name, new SimpleDriverDataSource(), "jdbc:h2:mem:" + name, 1);
			writers.put(name, new PrimaryHealth(target, () -> {
			}, false, new WriteLedger(name, new ReplicationDialects(List.of(dialect)), 100, new AtomicBoolean())));
			nodes.put(name, () -> DriverManager.getConnection("jdbc:h2:mem:failover"));
		}
		Failover exact = new Failover(writers, this.readers, 2, Clock.fixed(NOW, ZoneOffset.UTC), nodes, 1);
		PrimaryHealth primary = writers.get("primary");
		try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:failover")) {
			acknowledge(dialect, primary, connection, 1, 2, 3);
			primary.lookStarted();
			primary.probeAnswered(new PrimaryProbeResult(true, 300L, "a:5432/1"));
			primary.positionProbed(300, NOW.toEpochMilli());
			acknowledge(dialect, primary, connection, 4, 5);
			this.readers.get("replica-1").positionProbed(300);
			this.readers.get("replica-2").positionProbed(299);
			exact.roundJudged();
			assertThat(primary.ledger().pending()).as("replica-2 lacks some of the first three").isEqualTo(5);
			this.readers.get("replica-2").positionProbed(300);
			exact.roundJudged();
			assertThat(primary.ledger().pending()).as("every other node has the first three").isEqualTo(2);
		}
		primary.probeFailed(new SQLNonTransientConnectionException("refused", "08001"));
		writers.get("replica-1").probeAnswered(new PrimaryProbeResult(true, 310L, "b:5432/1"));
		dialect.nodeHasThrough = 4;
		exact.roundJudged();
		exact.roundJudged();
		assertThat(exact.lastFailover()).isEqualTo(new Failover.FailoverEvent("primary", "replica-1", NOW, 1, 0, true));
		assertThat(primary.ledger().pending()).as("judged, then forgotten").isZero();
	}

	private static void acknowledge(WriteLedgerTests.IdentifyingDialect dialect, PrimaryHealth node,
			Connection connection, long... transactions) {
		for (long transaction : transactions) {
			dialect.next = transaction;
			node.writeAcknowledged(connection, node.beforeCommit(connection));
		}
	}

	private static void acknowledge(PrimaryHealth node, int writes) {
		for (int i = 0; i < writes; i++) {
			node.writeAcknowledged();
		}
	}

	private void round(String first, String firstIdentity, String second, String secondIdentity) {
		this.writers.get(first).probeAnswered(new PrimaryProbeResult(true, 1L, firstIdentity));
		if (second != null) {
			this.writers.get(second).probeAnswered(new PrimaryProbeResult(true, 1L, secondIdentity));
		}
		this.failover.roundJudged();
	}

}
