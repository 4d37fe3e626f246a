package io.github.replicarouting.test.mariadb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.autoconfigure.ReplicaRoutingDoctor;
import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.app.LastRouting;
import io.github.replicarouting.test.mariadb.Audits.Attempt;
import io.github.replicarouting.test.mariadb.Audits.Served;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What must hold when the replicas' database user could write past {@code read_only} (here
 * {@code READ_ONLY ADMIN}, as an application connecting with an administrator's account has): no
 * write lands on a replica, whatever the statement looks like, and the application is told of
 * the risk at startup. Each replica reports its own {@code @@gtid_binlog_pos}: a write on it, an
 * errant transaction, would move it with the replica's own server id. {@code replica-1}'s pool
 * opens its connections read-only; {@code replica-2}'s runs SQL of the application's own, so
 * each route to it makes itself read-only. Subclasses bring the driver.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class PrivilegedReplicaUserScenarios {

	static final String USER = "admin";

	static final String PASSWORD = "admin-pw-4711";

	/** The replica whose pool runs the application's own {@code connection-init-sql}. */
	static final String OWN_INIT_SQL = "replica-2";

	@Autowired
	Audits audits;

	@Autowired
	ServerReads reads;

	@Autowired
	LastRouting lastRouting;

	@Autowired
	ReplicaRoutingDataSource dataSource;

	@Autowired
	ReplicaRoutingDoctor doctor;

	protected abstract ReplicatedMariaDb cluster();

	/**
	 * Creates the privileged user and what {@link Audits} uses on the primary, then waits until
	 * every replica has them; points the application at the cluster as that user.
	 */
	static void registerProperties(DynamicPropertyRegistry registry, ReplicatedMariaDb cluster,
			Function<ClusterNode, String> url) {
		asRoot(cluster.primary(), "create user if not exists '" + USER + "'@'%' identified by '" + PASSWORD + "'",
				"grant all on app.* to '" + USER + "'@'%'",
				"grant slave monitor, binlog monitor, read only admin on *.* to '" + USER + "'@'%'",
				"create table if not exists app.audit (id bigint auto_increment primary key, body varchar(100) not null)",
				"create procedure if not exists app.add_audit(in b varchar(100)) "
						+ "begin insert into app.audit (body) values (b); end",
				// A function that writes, called from a SELECT: only the server can tell.
				"create function if not exists app.audit_fn(b varchar(100)) returns int deterministic "
						+ "begin insert into app.audit (body) values (b); return 1; end",
				"create sequence if not exists app.audit_seq", "create table if not exists app.lockable (id int primary key)",
				"insert ignore into app.lockable values (1)");
		cluster.awaitAllReplicated();
		registry.add("replica-routing.primary.url", () -> url.apply(cluster.primary()));
		registry.add("replica-routing.primary.username", () -> USER);
		registry.add("replica-routing.primary.password", () -> PASSWORD);
		for (ClusterNode replica : cluster.replicas()) {
			registry.add("replica-routing.replicas." + replica.name() + ".url", () -> url.apply(replica));
		}
		// With SQL of its own to run on new connections, replica-2's pool does not open them read-only:
		// each route to it makes itself read-only.
		registry.add("replica-routing.replicas." + OWN_INIT_SQL + ".hikari.connection-init-sql", () -> "SET NAMES utf8mb4");
	}

	@Test
	void aProcedureThatWritesIsRefusedInAReadOnlyTransactionAndNoReplicaMoves() {
		awaitReplicasServeReads();
		Map<String, String> before = replicaPositions();
		List<String> outcomes = new ArrayList<>();
		List<RoutingDecision> routed = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			try {
				// Both replicas get a procedure call and a function that writes.
				routed.add((i < 2) ? this.audits.callInReadOnlyTransaction("read-only-" + i)
						: this.audits.selectInReadOnlyTransaction("read-only-" + i));
				outcomes.add("ran");
			}
			catch (DataAccessException ex) {
				routed.add(this.lastRouting.take());
				outcomes.add("refused: " + NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
			}
		}
		Map<String, String> after = replicaPositions();
		System.out.println("[replica-writes] " + getClass().getSimpleName() + ": routed to "
				+ routed.stream().map(RoutingDecision::target).toList() + ", outcomes " + outcomes
				+ ", replica GTID positions before " + before + ", after " + after);

		assertThat(routed).extracting(RoutingDecision::target).allMatch((target) -> target.startsWith("replica-"));
		assertThat(after).as("each replica's @@gtid_binlog_pos").isEqualTo(before);
		assertThat(outcomes).allMatch((outcome) -> outcome.startsWith("refused"));
		// MySQL Connector/J refuses a CALL on a read-only connection itself; a SELECT it sends.
		assertThat(outcomes.subList(2, 4)).allMatch((outcome) -> outcome.contains("READ ONLY transaction"));
		assertThat(auditRows("read-only-%")).as("audit rows on primary and replicas").containsOnly(0);
	}

	@Test
	void aReadOnlyTransactionOnThePrimaryIsReadOnlyThereAndLeavesItsSessionWritable() {
		String before = gtidBinlogPos(cluster().primary());
		Attempt readOnly = this.audits.callInReadOnlyTransactionOnPrimary("primary-read-only");
		String after = gtidBinlogPos(cluster().primary());
		// The same pooled session (HikariCP hands a thread the connection it gave back last).
		Attempt readWrite = this.audits.callInReadWriteTransaction("primary-read-write");
		System.out.println("[replica-writes] " + getClass().getSimpleName() + ": on the primary, read-only " + readOnly
				+ " (GTID " + before + " -> " + after + "), then read-write " + readWrite);

		assertThat(readOnly.refusal()).isNotNull();
		assertThat(after).isEqualTo(before);
		assertThat(readWrite.session()).isEqualTo(readOnly.session());
		assertThat(readWrite.refusal()).isNull();
	}

	@Test
	void aProcedureCalledOutsideATransactionRunsOnThePrimary() {
		awaitReplicasServeReads();
		List<String> targets = new ArrayList<>();
		targets.add(this.audits.callOutsideTransaction("outside-plain").target());
		targets.add(this.audits.callEscapedOutsideTransaction("outside-escaped").target());
		cluster().awaitAllReplicated();

		String primary = gtidBinlogPos(cluster().primary());
		Map<String, String> replicas = replicaPositions();
		System.out.println("[replica-writes] " + getClass().getSimpleName() + ": CALL outside a transaction routed to "
				+ targets + "; primary at " + primary + ", replicas at " + replicas);
		assertThat(targets).containsOnly(RoutingDecision.PRIMARY);
		// An errant transaction on a replica would carry its own server id: its position would differ.
		assertThat(replicas).allSatisfy((name, position) -> assertThat(position).isEqualTo(primary));
		assertThat(auditRows("outside-%")).containsOnly(2);
	}

	@Test
	void lockingReadsAndSequencesOutsideATransactionRunOnThePrimary() {
		awaitReplicasServeReads();
		int primaryPort = cluster().primary().port();
		Served plain = this.audits.queryOutsideTransaction("select @@port from lockable where id = ?");
		Served forUpdate = this.audits.queryOutsideTransaction("select @@port from lockable where id = ? for update");
		Served inShareMode = this.audits
			.queryOutsideTransaction("select @@port from lockable where id = ? lock in share mode");
		Served sequence = this.audits
			.queryOutsideTransaction("select @@port from lockable where id = ? and nextval(audit_seq) > 0");
		System.out.println("[replica-writes] " + getClass().getSimpleName() + ": primary port " + primaryPort
				+ "; plain read " + plain + ", for update " + forUpdate + ", lock in share mode " + inShareMode
				+ ", nextval " + sequence);

		assertThat(plain.decision().target()).startsWith("replica-");
		assertThat(plain.port()).isNotEqualTo(primaryPort);
		assertThat(List.of(forUpdate, inShareMode, sequence)).allSatisfy((served) -> {
			assertThat(served.port()).isEqualTo(primaryPort);
			assertThat(served.decision().target()).isEqualTo(RoutingDecision.PRIMARY);
		});
	}

	@Test
	void warnsOnceAtStartupForEachReplicaWhoseUserCouldWrite(CapturedOutput output) {
		for (ClusterNode replica : cluster().replicas()) {
			List<String> warnings = output.getAll()
				.lines()
				.filter((line) -> line.contains("WARN") && line.contains(replica.name() + " - ")
						&& line.contains("READ_ONLY ADMIN"))
				.toList();
			assertThat(warnings).as("WARN lines for " + replica.name()).hasSize(1);
			assertThat(warnings.get(0)).contains(USER).doesNotContain(PASSWORD);
		}
		assertThat(output.getAll()).doesNotContain(PASSWORD);
	}

	@Test
	void diagnosticsListEachReplicaWhoseUserCouldWrite() {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Map<String, String> diagnostics = this.doctor.diagnostics();
			for (ClusterNode replica : cluster().replicas()) {
				assertThat(diagnostics.get("replica-user-could-write." + replica.name())).as(replica.name())
					.startsWith(replica.name() + " - its database user")
					.contains(USER, "READ_ONLY ADMIN")
					.doesNotContain(PASSWORD);
			}
		});
	}

	@Test
	void readOnlyTransactionsOnReplicasSendNoStatementBeyondTheAutoCommitSwitches() throws SQLException {
		awaitReplicasServeReads();
		// Every replica pool is full, so that no connection is opened (and set up) while counting.
		for (RoutingTarget replica : this.dataSource.getReplicas()) {
			HikariDataSource pool = replica.unwrap(HikariDataSource.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> pool.getHikariPoolMXBean().getTotalConnections() == pool.getMaximumPoolSize());
		}
		Map<String, Long> before = setStatementsByReplica();
		Map<String, Integer> transactions = new LinkedHashMap<>();
		// Many, so that what the probes send meanwhile (a SET STATEMENT per timed-out query) stays noise.
		for (int i = 0; i < 200; i++) {
			transactions.merge(this.reads.readOnly().decision().target(), 1, Integer::sum);
		}
		Map<String, Long> after = setStatementsByReplica();
		Map<String, Double> perTransaction = new LinkedHashMap<>();
		transactions.forEach((replica, count) -> perTransaction.put(replica,
				(after.get(replica) - before.get(replica)) / (double) count));
		System.out.println("[replica-writes] " + getClass().getSimpleName()
				+ ": SET statements per read-only transaction, by replica " + perTransaction + " over " + transactions
				+ " (" + OWN_INIT_SQL + " runs its own connection-init-sql)");

		// set autocommit=0 and set autocommit=1; one statement more would make it 3.
		assertThat(perTransaction.get("replica-1")).isLessThan(2.5);
	}

	private void awaitReplicasServeReads() {
		await("a replica serves reads").atMost(Duration.ofSeconds(15))
			.until(() -> this.reads.readOnly().decision().target().startsWith("replica-"));
	}

	private Map<String, String> replicaPositions() {
		Map<String, String> positions = new LinkedHashMap<>();
		cluster().replicas().forEach((replica) -> positions.put(replica.name(), gtidBinlogPos(replica)));
		return positions;
	}

	private static String gtidBinlogPos(ClusterNode node) {
		return queryAsRoot(node, "select @@gtid_binlog_pos");
	}

	private Map<String, Long> setStatementsByReplica() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (ClusterNode replica : cluster().replicas()) {
			counts.put(replica.name(), Long.parseLong(queryAsRoot(replica,
					"select variable_value from information_schema.global_status where variable_name = 'COM_SET_OPTION'")));
		}
		return counts;
	}

	private List<Integer> auditRows(String bodyPattern) {
		List<Integer> counts = new ArrayList<>();
		counts.add(Integer.valueOf(queryAsRoot(cluster().primary(),
				"select count(*) from app.audit where body like '" + bodyPattern + "'")));
		for (ClusterNode replica : cluster().replicas()) {
			counts.add(Integer.valueOf(
					queryAsRoot(replica, "select count(*) from app.audit where body like '" + bodyPattern + "'")));
		}
		return counts;
	}

	private static Connection connectAsRoot(ClusterNode node) throws SQLException {
		return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + node.port() + "/", "root", "");
	}

	private static void asRoot(ClusterNode node, String... statements) {
		try (Connection connection = connectAsRoot(node); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(node.name() + ": " + ex.getMessage(), ex);
		}
	}

	private static String queryAsRoot(ClusterNode node, String sql) {
		try (Connection connection = connectAsRoot(node);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(node.name() + ": " + ex.getMessage(), ex);
		}
	}

}
