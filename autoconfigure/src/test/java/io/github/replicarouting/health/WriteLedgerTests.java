package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code failover.lost-writes: exact} keeps the identities of acknowledged writes: what a
 * promoted node is asked about, what is forgotten once every node replayed it, and what happens
 * when too many are kept. The database is H2, taught write identities by a dialect of the test's
 * own (the way an application teaches the library another database).
 */
class WriteLedgerTests {

	private final IdentifyingDialect dialect = new IdentifyingDialect(true);

	private final Connection connection;

	WriteLedgerTests() throws SQLException {
		this.connection = DriverManager.getConnection("jdbc:h2:mem:ledger");
	}

	@AfterEach
	void close() throws SQLException {
		this.connection.close();
	}

	@Test
	void aPromotedNodeIsAskedOnlyAboutTheWritesAcknowledgedAfterTheLastPositionItReplayed() {
		WriteLedger ledger = ledger(100);
		acknowledge(ledger, 1, 2, 3);
		look(ledger, 300);
		acknowledge(ledger, 4, 5);
		look(ledger, 500);
		this.dialect.nodeHasThrough = 4;
		WriteLedger.Lacking lacking = ledger.lacking(300, this::connect, 1);
		assertThat(lacking).isEqualTo(new WriteLedger.Lacking(1, 0));
		assertThat(this.dialect.asked).as("asked about").containsExactly(4L, 5L);
		assertThat(this.dialect.connections).as("connections opened to the promoted node").hasValue(1);
	}

	@Test
	void aNodeThatReplayedEverythingIsNotEvenAsked() {
		WriteLedger ledger = ledger(100);
		acknowledge(ledger, 1, 2, 3);
		look(ledger, 300);
		assertThat(ledger.lacking(300, this::connect, 1)).isEqualTo(new WriteLedger.Lacking(0, 0));
		assertThat(this.dialect.connections).hasValue(0);
	}

	@Test
	void writesWhoseIdentityIsUnknownAreCountedApartOnlyWhereThePromotedNodeMayLackThem() {
		WriteLedger ledger = ledger(100);
		ledger.acknowledgedUnknown();
		look(ledger, 300);
		ledger.acknowledgedUnknown();
		acknowledge(ledger, 7, 7);
		this.dialect.nodeHasThrough = 6;
		assertThat(ledger.lacking(300, this::connect, 1)).as("a transaction seen twice is one")
			.isEqualTo(new WriteLedger.Lacking(1, 1));
	}

	@Test
	void writesEveryNodeReplayedAreForgotten() {
		WriteLedger ledger = ledger(100);
		acknowledge(ledger, 1, 2, 3);
		look(ledger, 300);
		acknowledge(ledger, 4, 5);
		look(ledger, 500);
		acknowledge(ledger, 6);
		ledger.replicatedEverywhere(299);
		assertThat(ledger.pending()).isEqualTo(6);
		ledger.replicatedEverywhere(450);
		assertThat(ledger.pending()).isEqualTo(3);
		ledger.replicatedEverywhere(500);
		assertThat(ledger.pending()).as("only the write after the last position read").isEqualTo(1);
	}

	@Test
	void beyondItsCapacityTheLedgerReportsNothingExactUntilEveryNodeReplayedPastTheWritesItDropped() {
		WriteLedger ledger = ledger(3);
		acknowledge(ledger, 1, 2, 3, 4, 5);
		assertThat(ledger.pending()).as("kept at most").isEqualTo(3);
		look(ledger, 500);
		assertThat(ledger.lacking(-1, this::connect, 1)).as("a node that may lack an unrecorded write").isNull();
		assertThat(ledger.lacking(500, this::connect, 1)).as("a node that has them all")
			.isEqualTo(new WriteLedger.Lacking(0, 0));
		ledger.replicatedEverywhere(500);
		assertThat(ledger.pending()).isZero();
		acknowledge(ledger, 6);
		this.dialect.nodeHasThrough = 5;
		assertThat(ledger.lacking(500, this::connect, 1)).as("exact again").isEqualTo(new WriteLedger.Lacking(1, 0));
	}

	@Test
	void aDatabaseThatCannotIdentifyWritesLeavesTheReportToBounds() {
		WriteLedger ledger = new WriteLedger("primary",
				new ReplicationDialects(List.of(new IdentifyingDialect(false))), 100, new AtomicBoolean());
		acknowledge(ledger, 1);
		assertThat(ledger.pending()).isZero();
		assertThat(ledger.lacking(-1, this::connect, 1)).isNull();
	}

	@Test
	void aPromotedNodeThatCannotBeAskedLeavesTheReportToBounds() {
		WriteLedger ledger = ledger(100);
		acknowledge(ledger, 1);
		assertThat(ledger.lacking(-1, () -> {
			throw new SQLException("Connection refused", "08001");
		}, 1)).isNull();
	}

	private WriteLedger ledger(int capacity) {
		return new WriteLedger("primary", new ReplicationDialects(List.of(this.dialect)), capacity, new AtomicBoolean());
	}

	private void acknowledge(WriteLedger ledger, long... transactions) {
		for (long transaction : transactions) {
			this.dialect.next = transaction;
			ledger.acknowledged(this.connection, ledger.beforeCommit(this.connection));
		}
	}

	private static void look(WriteLedger ledger, long position) {
		ledger.lookStarted();
		ledger.positionProbed(position);
	}

	private Connection connect() throws SQLException {
		this.dialect.connections.incrementAndGet();
		return DriverManager.getConnection("jdbc:h2:mem:ledger");
	}

	/** Tells the identity the test sets, and that the node has every one up to {@code nodeHasThrough}. */
	static final class IdentifyingDialect implements ReplicationDialect {

		private final boolean identifies;

		volatile long next;

		volatile long nodeHasThrough;

		volatile List<Long> asked = List.of();

		final AtomicInteger connections = new AtomicInteger();

		IdentifyingDialect(boolean identifies) {
			this.identifies = identifies;
		}

		@Override
		public boolean supports(String databaseProductName) {
			return databaseProductName.equals("H2");
		}

		@Override
		public boolean identifiesWriteTransactions(Connection connection) {
			return this.identifies;
		}

		@Override
		public long writeTransactionAfterCommit(Connection connection, long beforeCommit) {
			return this.next;
		}

		@Override
		public long writeTransactionsLacking(Connection node, long[] transactions, int timeoutSeconds) {
			this.asked = Arrays.stream(transactions).boxed().toList();
			return Arrays.stream(transactions).filter((transaction) -> transaction > this.nodeHasThrough).count();
		}

		@Override
		public long currentPosition(Connection primary) {
			return 0;
		}

		@Override
		public long replayedPosition(Connection replica) {
			return 0;
		}

		@Override
		public ReplicaProbeResult probe(Connection replica, int timeoutSeconds) {
			return new ReplicaProbeResult(true, 0L, 0L);
		}

	}

}
