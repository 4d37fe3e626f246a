package io.github.replicarouting.health;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the MySQL dialect tells that a server refuses writes, {@code super_read_only} included:
 * no MySQL server runs here, so a connection that reports itself as MySQL answers the dialect's
 * queries with the values a MySQL server would give, computed by H2.
 */
class MySqlReadOnlyTests {

	private final Connection h2;

	MySqlReadOnlyTests() throws SQLException {
		this.h2 = DriverManager.getConnection("jdbc:h2:mem:mysql-" + UUID.randomUUID(), "sa", "");
	}

	@AfterEach
	void close() throws SQLException {
		this.h2.close();
	}

	@Test
	void superReadOnlyAloneShouldRefuseWrites() throws SQLException {
		Connection server = mySql("8.0.36", Map.of("select @@global.read_only, @@global.super_read_only", "select 0, 1"));

		assertThat(new MySqlReplicationDialect().acceptsWrites(server, 1)).isFalse();
	}

	@Test
	void neitherReadOnlyShouldAcceptWrites() throws SQLException {
		Connection server = mySql("8.4.0",
				Map.of("select @@global.read_only, @@global.super_read_only", "select 'OFF', 'OFF'"));

		assertThat(new MySqlReplicationDialect().acceptsWrites(server, 1)).isTrue();
	}

	@Test
	void serverWithoutSuperReadOnlyShouldBeJudgedByReadOnly() throws SQLException {
		// MySQL before 5.7.8 has no super_read_only: the first query fails there.
		Connection server = mySql("5.7.7", Map.of("select @@global.read_only", "select 'ON'"));

		assertThat(new MySqlReplicationDialect().acceptsWrites(server, 1)).isFalse();
	}

	/**
	 * A connection that reports MySQL {@code version} and answers each of {@code answers}' queries
	 * with the result of its H2 query; any other query fails as an unknown variable would.
	 */
	private Connection mySql(String version, Map<String, String> answers) {
		DatabaseMetaData metaData = proxy(DatabaseMetaData.class, (method, args) -> switch (method) {
			case "getDatabaseProductName" -> "MySQL";
			case "getDatabaseProductVersion" -> version;
			default -> throw new UnsupportedOperationException(method);
		});
		Statement statement = proxy(Statement.class, (method, args) -> switch (method) {
			case "executeQuery" -> {
				String h2Query = answers.get((String) args[0]);
				if (h2Query == null) {
					throw new SQLSyntaxErrorException("Unknown system variable in: " + args[0]);
				}
				yield this.h2.createStatement().executeQuery(h2Query);
			}
			case "close" -> null;
			default -> throw new UnsupportedOperationException(method);
		});
		return proxy(Connection.class, (method, args) -> switch (method) {
			case "getMetaData" -> metaData;
			case "createStatement" -> statement;
			default -> throw new UnsupportedOperationException(method);
		});
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, Answer answer) {
		return (T) Proxy.newProxyInstance(MySqlReadOnlyTests.class.getClassLoader(), new Class<?>[] { type },
				(proxy, method, args) -> answer.answer(method.getName(), args));
	}

	@FunctionalInterface
	private interface Answer {

		Object answer(String method, Object[] args) throws SQLException;

	}

}
