package io.github.replicarouting.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * MySQL and MariaDB replication. Lag is what the replica reports ({@code Seconds_Behind_Source} or
 * {@code Seconds_Behind_Master}). A replication thread known to be stopped ({@code No}), or a
 * replica that does not replicate at all, counts as unbounded lag: it applies nothing. An I/O
 * thread that is still (re)connecting to the primary reports a {@code NULL} lag that says
 * nothing either way: the lag is then measured from positions, as for PostgreSQL, and is unknown
 * while the primary's position is (the primary down). Positions are GTID sequence numbers: MariaDB's
 * {@code @@gtid_binlog_pos} / {@code @@gtid_slave_pos}, MySQL's {@code @@gtid_executed}; only a
 * single replication domain (MariaDB) or source (MySQL) gives a comparable position, otherwise
 * there is none and causal read-your-writes behaves as window mode.
 */
final class MySqlReplicationDialect implements ReplicationDialect {

	@Override
	public boolean supports(String databaseProductName) {
		String name = databaseProductName.toLowerCase(Locale.ROOT);
		return name.contains("mariadb") || name.contains("mysql");
	}

	@Override
	public long currentPosition(Connection primary) throws SQLException {
		return isMariaDb(primary) ? mariaDbSequence(string(primary, "select @@gtid_binlog_pos"))
				: mySqlSequence(string(primary, "select @@gtid_executed"));
	}

	@Override
	public long replayedPosition(Connection replica) throws SQLException {
		return isMariaDb(replica) ? mariaDbSequence(string(replica, "select @@gtid_slave_pos"))
				: mySqlSequence(string(replica, "select @@gtid_executed"));
	}

	/**
	 * MariaDB only: its {@code @@last_gtid} is the GTID of the session's last commit. MySQL has no
	 * such variable (its GTIDs reach a client only through session tracking, which JDBC does not
	 * expose).
	 */
	@Override
	public boolean identifiesWriteTransactions(Connection connection) throws SQLException {
		return isMariaDb(connection);
	}

	/**
	 * The sequence number of the session's last commit, exact under concurrent writers; -1 when
	 * the session never committed a write.
	 */
	@Override
	public long writeTransactionAfterCommit(Connection connection, long beforeCommit) throws SQLException {
		String gtid = string(connection, "select @@last_gtid");
		return (gtid == null || gtid.isBlank()) ? -1 : mariaDbSequence(gtid);
	}

	/**
	 * Those beyond what the node had replayed ({@code @@gtid_slave_pos}): a single replication
	 * domain replicates in order.
	 */
	@Override
	public long writeTransactionsLacking(Connection node, long[] transactions, int timeoutSeconds)
			throws SQLException {
		long replayed = replayedPosition(node);
		if (replayed < 0) {
			throw new SQLException("The replayed position spans several replication domains");
		}
		return Arrays.stream(transactions).filter((sequence) -> sequence > replayed).count();
	}

	/** {@code Seconds_Behind_Source} is in whole seconds. */
	@Override
	public long reportedLagResolutionMillis() {
		return 1000;
	}

	@Override
	public ReplicaProbeResult probe(Connection replica, int timeoutSeconds) throws SQLException {
		boolean readOnly = readOnly(replica);
		Long replayed = null;
		long position = replayedPosition(replica);
		if (position >= 0) {
			replayed = position;
		}
		return new ReplicaProbeResult(readOnly, replayed, lagMillis(replica, timeoutSeconds));
	}

	@Override
	public boolean acceptsWrites(Connection connection, int timeoutSeconds) throws SQLException {
		return !readOnly(connection);
	}

	/**
	 * MySQL's {@code server_uuid}; MariaDB has none, and its {@code server_id} (unique within a
	 * replication topology) goes with the host name and port the server reports.
	 */
	@Override
	public @Nullable String serverIdentity(Connection connection) throws SQLException {
		if (isMariaDb(connection)) {
			String[] values = row(connection, "select @@global.server_id, @@hostname, @@port");
			return values[1] + ":" + values[2] + "/" + values[0];
		}
		return string(connection, "select @@server_uuid");
	}

	/**
	 * Whether the server refuses its clients' writes: {@code read_only}, or MySQL's
	 * {@code super_read_only}, which also stops privileged users. Any value but {@code 0} or
	 * {@code OFF} is on.
	 */
	private static boolean readOnly(Connection replica) throws SQLException {
		if (isMariaDb(replica)) {
			return isOn(string(replica, "select @@global.read_only"));
		}
		String[] values;
		try {
			values = row(replica, "select @@global.read_only, @@global.super_read_only");
		}
		catch (SQLException ex) {
			// MySQL before 5.7.8 has no super_read_only.
			values = row(replica, "select @@global.read_only");
		}
		return isOn(values[0]) || (values.length > 1 && isOn(values[1]));
	}

	/**
	 * What lets the replica's user write past {@code read_only}: {@code READ_ONLY ADMIN} on
	 * MariaDB ({@code SUPER} before 10.11.1), {@code SUPER} or {@code CONNECTION_ADMIN} on MySQL
	 * unless {@code super_read_only} is on, or all privileges.
	 */
	@Override
	public @Nullable String writePrivilege(Connection replica) throws SQLException {
		boolean mariaDb = isMariaDb(replica);
		String[] server = row(replica, mariaDb ? "select current_user(), @@version, @@global.read_only"
				: "select current_user(), @@version, @@global.super_read_only");
		if (!mariaDb && isOn(server[2])) {
			return null;
		}
		String privilege = writePrivilege(strings(replica, "show grants"), mariaDb, server[1]);
		if (privilege == null) {
			return null;
		}
		return "its database user " + server[0] + " holds " + privilege
				+ ", which writes past read_only: a write there would be an errant transaction that breaks "
				+ "replication later. Routes to it are read-only at the server, but nothing stops other work "
				+ "as this user; connect to replicas as a user without " + privilege
				+ (mariaDb ? "." : ", or turn super_read_only on.");
	}

	/**
	 * The first global privilege among {@code SHOW GRANTS} lines that lets a user write past
	 * {@code read_only}, or {@code null}. The lines also hold password hashes: only the privilege's
	 * name leaves this method.
	 */
	static @Nullable String writePrivilege(List<String> grants, boolean mariaDb, @Nullable String version) {
		boolean superWrites = !mariaDb || !atLeast(version, 10, 11, 1);
		for (String grant : grants) {
			String line = grant.toUpperCase(Locale.ROOT);
			int on = line.indexOf(" ON *.* TO ");
			if (!line.startsWith("GRANT ") || on < 0) {
				continue;
			}
			for (String privilege : line.substring("GRANT ".length(), on).split(",")) {
				String name = privilege.strip();
				if (name.equals("ALL PRIVILEGES") || name.equals("ALL")) {
					return "ALL PRIVILEGES";
				}
				if ((mariaDb && (name.equals("READ_ONLY ADMIN") || name.equals("READ ONLY ADMIN")))
						|| (!mariaDb && name.equals("CONNECTION_ADMIN")) || (superWrites && name.equals("SUPER"))) {
					return name;
				}
			}
		}
		return null;
	}

	private static boolean atLeast(@Nullable String version, int... minimum) {
		String[] parts = (version != null) ? version.split("[^0-9]", 4) : new String[0];
		for (int i = 0; i < minimum.length; i++) {
			int part = (i < parts.length) ? (int) parseOrNone(parts[i]) : 0;
			if (part != minimum[i]) {
				return part > minimum[i];
			}
		}
		return true;
	}

	private static boolean isOn(@Nullable String value) {
		return value != null && !value.equals("0") && !value.equalsIgnoreCase("OFF");
	}

	/**
	 * The lag the replica reports, {@link Long#MAX_VALUE} when it applies nothing, {@code null}
	 * when it cannot say.
	 */
	private static @Nullable Long lagMillis(Connection replica, int timeoutSeconds) throws SQLException {
		try (Statement statement = replica.createStatement()) {
			statement.setQueryTimeout(timeoutSeconds);
			try (ResultSet status = replicaStatus(replica, statement)) {
				if (!status.next()) {
					// Not replicating at all: it cannot be trusted to have anything.
					return Long.MAX_VALUE;
				}
				String io = column(status, "Replica_IO_Running", "Slave_IO_Running");
				String sql = column(status, "Replica_SQL_Running", "Slave_SQL_Running");
				String seconds = column(status, "Seconds_Behind_Source", "Seconds_Behind_Master");
				if (!"Yes".equalsIgnoreCase(sql) || "No".equalsIgnoreCase(io) || io == null) {
					// Stopped: whatever the primary writes from now on, it will not have.
					return Long.MAX_VALUE;
				}
				if (!"Yes".equalsIgnoreCase(io) || seconds == null) {
					// Connecting: it applies what it has, and cannot know what it is missing.
					return null;
				}
				return Long.parseLong(seconds) * 1000;
			}
		}
	}

	private static ResultSet replicaStatus(Connection replica, Statement statement) throws SQLException {
		if (isMariaDb(replica)) {
			return statement.executeQuery("show slave status");
		}
		try {
			return statement.executeQuery("show replica status");
		}
		catch (SQLException ex) {
			// MySQL before 8.0.22.
			return statement.executeQuery("show slave status");
		}
	}

	private static @Nullable String column(ResultSet resultSet, String name, String oldName) throws SQLException {
		ResultSetMetaData metaData = resultSet.getMetaData();
		for (int i = 1; i <= metaData.getColumnCount(); i++) {
			String label = metaData.getColumnLabel(i);
			if (label.equalsIgnoreCase(name) || label.equalsIgnoreCase(oldName)) {
				return resultSet.getString(i);
			}
		}
		return null;
	}

	private static boolean isMariaDb(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName() + " "
				+ connection.getMetaData().getDatabaseProductVersion();
		return product.toLowerCase(Locale.ROOT).contains("mariadb");
	}

	private static @Nullable String string(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
			return resultSet.next() ? resultSet.getString(1) : null;
		}
	}

	private static String[] row(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
			String[] values = new String[resultSet.getMetaData().getColumnCount()];
			if (resultSet.next()) {
				for (int i = 0; i < values.length; i++) {
					values[i] = resultSet.getString(i + 1);
				}
			}
			return values;
		}
	}

	private static List<String> strings(Connection connection, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
			while (resultSet.next()) {
				values.add(resultSet.getString(1));
			}
		}
		return values;
	}

	/**
	 * The sequence number of a MariaDB GTID position such as {@code 0-1-42}, or -1 when the
	 * position spans several domains and so cannot be one number.
	 */
	static long mariaDbSequence(@Nullable String gtidPosition) {
		if (gtidPosition == null || gtidPosition.isBlank()) {
			return 0;
		}
		String[] domains = gtidPosition.strip().split(",");
		if (domains.length != 1) {
			return -1;
		}
		String[] parts = domains[0].strip().split("-");
		return (parts.length == 3) ? parseOrNone(parts[2]) : -1;
	}

	/**
	 * The last transaction number of a MySQL GTID set such as {@code uuid:1-42}, or -1 when the
	 * set has several sources or gaps and so cannot be one number.
	 */
	static long mySqlSequence(@Nullable String gtidSet) {
		if (gtidSet == null || gtidSet.isBlank()) {
			return 0;
		}
		String set = gtidSet.replaceAll("\\s", "");
		if (set.contains(",")) {
			return -1;
		}
		String[] parts = set.split(":");
		if (parts.length != 2) {
			return -1;
		}
		String interval = parts[1];
		int dash = interval.indexOf('-');
		if (dash >= 0 && !"1".equals(interval.substring(0, dash))) {
			return -1;
		}
		return parseOrNone((dash >= 0) ? interval.substring(dash + 1) : interval);
	}

	private static long parseOrNone(String number) {
		try {
			return Long.parseLong(number);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
