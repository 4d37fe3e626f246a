package io.github.replicarouting.test.mariadb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.test.ReplicatedClusterException;
import io.github.replicarouting.test.internal.Jdbc;
import io.github.replicarouting.test.internal.Parallel;
import io.github.replicarouting.test.internal.Poll;

/**
 * The replication controls of a MariaDB cluster, embedded or in containers, in SQL as
 * {@code root} (whose privileges they need): the application's database and user, GTID
 * replication from the primary, stopping and delaying a replica's applier, positions, catching
 * up, promotion. Each conversation opens its own connection, so that no state survives a server
 * restart.
 */
final class MariaDbReplication {

	/** The application's database, created on the primary and replicated. */
	static final String DATABASE = "app";

	/** The application's user: all privileges on {@link #DATABASE} and replication monitoring. */
	static final String USERNAME = "app";

	static final String PASSWORD = "app";

	/**
	 * Options of every server, the bootstrap included: small InnoDB files and no TLS, whose
	 * 4096-bit key MariaDB 11.4 would otherwise generate at every start, tens of seconds on a busy
	 * machine. Commits are written to the OS at once ({@code flush_log_at_trx_commit=2}), which
	 * survives a killed server, not a power cut.
	 */
	static final List<String> SERVER_OPTIONS = List.of("--skip-ssl", "--innodb-log-file-size=4M",
			"--innodb-undo-tablespaces=0", "--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=2",
			"--innodb-doublewrite=0", "--innodb-temp-data-file-path=ibtmp1:1M:autoextend", "--performance-schema=0",
			"--skip-name-resolve");

	/**
	 * Options of every node of a cluster: a binary log in row format that replicas keep too (so a
	 * promoted one can serve the others), GTIDs being MariaDB's own.
	 */
	static final List<String> NODE_OPTIONS = List.of("--log-bin=mysql-bin", "--log-slave-updates",
			"--relay-log=relay-bin", "--binlog-format=ROW");

	/** Added to a node's {@code server_id} while it replays a log that holds its own transactions. */
	private static final long REPLAY_SERVER_ID_OFFSET = 1000;

	private final Duration timeout;

	MariaDbReplication(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * A node as the controls reach it.
	 *
	 * @param name the node's name, for messages
	 * @param host the address to connect to
	 * @param port the port to connect to, also the server's own {@code @@port}
	 * @param running whether the server runs, so that waits end early when it died
	 * @param logTail the end of the node's log, for failure messages
	 */
	record Node(String name, String host, int port, BooleanSupplier running, Supplier<String> logTail) {

		Connection connectAsRoot() throws SQLException {
			Properties properties = new Properties();
			properties.setProperty("user", "root");
			properties.setProperty("password", "");
			properties.setProperty("connectTimeout", "2000");
			properties.setProperty("socketTimeout", "30000");
			return DriverManager.getConnection("jdbc:mariadb://" + this.host + ":" + this.port + "/", properties);
		}

	}

	/**
	 * The JDBC URL of the application's database on a node, for MariaDB Connector/J.
	 * @return for example {@code jdbc:mariadb://127.0.0.1:33061/app}
	 */
	static String jdbcUrl(String host, int port) {
		return "jdbc:mariadb://" + host + ":" + port + "/" + DATABASE;
	}

	/**
	 * Creates the application's database and user on the primary, points every replica at it
	 * ({@code MASTER_USE_GTID=slave_pos}, no TLS, retry every second) and waits until each has
	 * applied everything.
	 * @param primaryHost the primary's address as the replicas reach it
	 */
	void setUp(Node primary, List<Node> replicas, String primaryHost) {
		execute(primary, "create database " + DATABASE,
				"create user '" + USERNAME + "'@'%' identified by '" + PASSWORD + "'",
				"grant all on " + DATABASE + ".* to '" + USERNAME + "'@'%'",
				"grant slave monitor, binlog monitor on *.* to '" + USERNAME + "'@'%'");
		Parallel.forEach(replicas, (replica) -> {
			execute(replica, changeMaster(primaryHost, primary.port()), "start slave");
			awaitReplicating(replica);
		});
		GtidPosition target = primaryPosition(primary);
		replicas.forEach((replica) -> await(replica, target));
	}

	/** Whether the server answers SQL. */
	static boolean answers(Node node) {
		try {
			return "1".equals(Jdbc.queryValue(node::connectAsRoot, "select 1"));
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * Stops a replica's SQL (applier) thread and waits until it has: the replica keeps serving
	 * and receiving, and its {@code Seconds_Behind_Master} becomes {@code NULL}.
	 */
	void pause(Node replica) {
		execute(replica, "stop slave sql_thread");
		poll(() -> "No".equals(status(replica).get("Slave_SQL_Running")),
				() -> new ReplicatedClusterException(replica.name() + ": SQL thread still running " + summary(replica)));
	}

	/** Delays a replica's applier ({@code MASTER_DELAY}, at least a second); both threads keep running. */
	void delay(Node replica, Duration delay) {
		execute(replica, "stop slave", "change master to master_delay=" + Math.max(1, delay.toSeconds()), "start slave");
		awaitReplicating(replica);
	}

	/**
	 * Stops a replica's IO thread and waits until it has: the replica keeps applying what it has
	 * received, and receives nothing more.
	 */
	void disconnect(Node replica) {
		execute(replica, "stop slave io_thread");
		poll(() -> "No".equals(status(replica).get("Slave_IO_Running")),
				() -> new ReplicatedClusterException(replica.name() + ": IO thread still running " + summary(replica)));
	}

	/**
	 * Ends {@link #pause}, {@link #delay} or {@link #disconnect}; returns once both replication
	 * threads run.
	 */
	void resume(Node replica) {
		String delay = status(replica).get("SQL_Delay");
		if (delay != null && !"0".equals(delay)) {
			execute(replica, "stop slave", "change master to master_delay=0", "start slave");
		}
		else {
			execute(replica, "start slave");
		}
		awaitReplicating(replica);
	}

	/** Waits until both replication threads run; fails with the replica's status and log. */
	void awaitReplicating(Node replica) {
		poll(() -> {
			requireRunning(replica, "connecting to the primary");
			Map<String, String> status = status(replica);
			return "Yes".equals(status.get("Slave_IO_Running")) && "Yes".equals(status.get("Slave_SQL_Running"));
		}, () -> new ReplicatedClusterException(replica.name() + ": not replicating after " + this.timeout + " "
				+ summary(replica) + replica.logTail().get()));
	}

	/** The primary's {@code @@gtid_binlog_pos}. */
	GtidPosition primaryPosition(Node primary) {
		return GtidPosition.parse(queryValueOrFail(primary, "select @@gtid_binlog_pos"));
	}

	/** A replica's {@code @@gtid_slave_pos}: what it has applied. */
	GtidPosition appliedPosition(Node replica) {
		return GtidPosition.parse(queryValueOrFail(replica, "select @@gtid_slave_pos"));
	}

	/** Waits ({@code MASTER_GTID_WAIT}) until a replica has applied {@code target}. */
	void await(Node replica, GtidPosition target) {
		if (target.isEmpty()) {
			return;
		}
		String result = queryValueOrFail(replica,
				"select master_gtid_wait('" + target + "', " + Math.max(1, this.timeout.toSeconds()) + ")");
		if (!"0".equals(result)) {
			throw new ReplicatedClusterException(replica.name() + ": applied " + appliedPosition(replica)
					+ ", not yet the primary's " + target + " after " + this.timeout + " " + summary(replica)
					+ replica.logTail().get());
		}
	}

	/**
	 * Promotes a replica once it has applied everything it received, as PostgreSQL's promotion
	 * does: its SQL thread runs, undelayed, until the relay log is read, then
	 * {@code RESET SLAVE ALL; SET GLOBAL read_only=0}.
	 * @return what it had applied when it stopped replicating
	 */
	GtidPosition promote(Node replica) {
		execute(replica, "stop slave");
		Map<String, String> status = status(replica);
		if (status.containsKey("Slave_SQL_Running")) {
			if (!"0".equals(status.getOrDefault("SQL_Delay", "0"))) {
				// Changing only the delay would drop the relay log; naming its position keeps it.
				execute(replica, "change master to master_delay=0, relay_log_file='" + status.get("Relay_Log_File")
						+ "', relay_log_pos=" + status.get("Relay_Log_Pos"));
			}
			GtidPosition received = GtidPosition.parse(status.get("Gtid_IO_Pos"));
			execute(replica, "start slave sql_thread");
			poll(() -> appliedPosition(replica).isAtLeast(received) || readAllRelayLog(replica),
					() -> new ReplicatedClusterException(replica.name() + ": applied " + appliedPosition(replica)
							+ " of the received " + received + " after " + this.timeout + " " + summary(replica)));
			execute(replica, "stop slave");
		}
		GtidPosition applied = appliedPosition(replica);
		execute(replica, "reset slave all", "set global read_only=0");
		return applied;
	}

	/** The SQL thread waits for more: a transaction cut off in the middle is never applied. */
	private static boolean readAllRelayLog(Node replica) {
		return String.valueOf(status(replica).get("Slave_SQL_Running_State")).contains("read all relay log");
	}

	/**
	 * Makes a primary read-only for the application's user (not for {@code root}), which waits for
	 * running commits.
	 * @return its {@code @@gtid_binlog_pos} then: every write it acknowledged lies at or before it
	 */
	GtidPosition fence(Node primary) {
		execute(primary, "set global read_only=1");
		return primaryPosition(primary);
	}

	/**
	 * How far a replica is in its primary's stream when it is pointed elsewhere: what it applied,
	 * since {@code CHANGE MASTER} drops the relay log, or what it received while its SQL thread
	 * runs, since it may apply that before it is stopped.
	 */
	GtidPosition retained(Node replica) {
		GtidPosition applied = appliedPosition(replica);
		Map<String, String> status = status(replica);
		if ("Yes".equals(status.get("Slave_SQL_Running"))) {
			GtidPosition received = GtidPosition.parse(status.get("Gtid_IO_Pos"));
			return received.isAtLeast(applied) ? received : applied;
		}
		return applied;
	}

	/**
	 * Points a node at a primary ({@code MASTER_USE_GTID=slave_pos}), read-only, and waits until
	 * it replicates from its port. A node that replicated from no one (a former primary, a fresh
	 * one) starts at what its binary log holds; a replica whose SQL thread was stopped keeps it
	 * stopped.
	 */
	void follow(Node node, String primaryHost, int primaryPort) {
		Map<String, String> status = status(node);
		boolean replica = status.containsKey("Slave_SQL_Running");
		boolean applying = !replica || "Yes".equals(status.get("Slave_SQL_Running"));
		execute(node, replica ? "stop slave" : "set global gtid_slave_pos = @@gtid_binlog_pos", "set global read_only=1",
				changeMaster(primaryHost, primaryPort), applying ? "start slave" : "start slave io_thread");
		poll(() -> {
			requireRunning(node, "connecting to " + primaryHost + ":" + primaryPort);
			Map<String, String> now = status(node);
			return String.valueOf(primaryPort).equals(now.get("Master_Port")) && "Yes".equals(now.get("Slave_IO_Running"))
					&& (!applying || "Yes".equals(now.get("Slave_SQL_Running")));
		}, () -> new ReplicatedClusterException(node.name() + ": not replicating from " + primaryHost + ":"
				+ primaryPort + " after " + this.timeout + " " + summary(node) + node.logTail().get()));
	}

	/**
	 * Lets a fresh node replay a primary's binary log from its first transaction and waits until
	 * it has applied what the primary had written. A replica skips the transactions that carry
	 * its own {@code server_id}, as it would its own writes coming back around a ring; but a node
	 * that was once a primary finds its writes of then in the log, so it replays under a
	 * {@code server_id} no node has, and takes its own back once it has caught up.
	 */
	void replicateFromStart(Node node, String primaryHost, Node primary) {
		String own = queryValueOrFail(node, "select @@server_id");
		execute(node, "set global server_id = " + (Long.parseLong(own) + REPLAY_SERVER_ID_OFFSET));
		follow(node, primaryHost, primary.port());
		await(node, primaryPosition(primary));
		execute(node, "stop slave", "set global server_id = " + own, "start slave");
		awaitReplicating(node);
	}

	/** No TLS (the servers have none), a retry every second. */
	private static String changeMaster(String primaryHost, int primaryPort) {
		return "change master to master_host='" + primaryHost + "', master_port=" + primaryPort
				+ ", master_user='root', master_password='', master_use_gtid=slave_pos, master_ssl=0, "
				+ "master_ssl_verify_server_cert=0, master_connect_retry=1";
	}

	/** Runs statements one after the other on one connection. */
	static void execute(Node node, String... statements) {
		Jdbc.executeOrFail(node.name(), node::connectAsRoot, statements);
	}

	private static @Nullable String queryValueOrFail(Node node, String sql) {
		return Jdbc.queryValueOrFail(node.name(), node::connectAsRoot, sql);
	}

	/**
	 * The first row of {@code SHOW SLAVE STATUS} by column name; empty when the server does not
	 * replicate, the error under {@code error} when it cannot be read.
	 */
	static Map<String, String> status(Node replica) {
		Map<String, String> status = new LinkedHashMap<>();
		try (Connection connection = replica.connectAsRoot();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("show slave status")) {
			if (result.next()) {
				ResultSetMetaData metaData = result.getMetaData();
				for (int i = 1; i <= metaData.getColumnCount(); i++) {
					status.put(metaData.getColumnLabel(i), result.getString(i));
				}
			}
		}
		catch (SQLException ex) {
			status.put("error", String.valueOf(ex.getMessage()));
		}
		return status;
	}

	/** The replication threads, errors and position in one line, for failure messages. */
	static String summary(Node replica) {
		Map<String, String> status = status(replica);
		return "(IO " + status.get("Slave_IO_Running") + ", SQL " + status.get("Slave_SQL_Running") + ", "
				+ status.get("Last_IO_Error") + " " + status.get("Last_SQL_Error") + ", gtid_slave_pos "
				+ status.get("Gtid_Slave_Pos") + (status.containsKey("error") ? ", " + status.get("error") : "") + ")";
	}

	private static void requireRunning(Node node, String what) {
		if (!node.running().getAsBoolean()) {
			throw new ReplicatedClusterException(node.name() + ": server exited while " + what + " (port "
					+ node.port() + ")" + node.logTail().get());
		}
	}

	private void poll(BooleanSupplier condition, Supplier<RuntimeException> failure) {
		Poll.until(this.timeout, condition, failure);
	}

}
