package io.github.replicarouting.health;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConnectionFailuresTests {

	@Test
	void connectionLevelFailuresShouldCount() {
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("refused", "08001"))).isTrue();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("shutdown", "57P01"))).isTrue();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("crash", "57P02"))).isTrue();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("starting", "57P03"))).isTrue();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLTransientConnectionException("timed out", "08001")))
			.isTrue();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("wrapped", new ConnectException()))).isTrue();
	}

	@Test
	void applicationErrorsShouldNotCount() {
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("syntax", "42601"))).isFalse();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("unique", "23505"))).isFalse();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("read only", "25006"))).isFalse();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("no state"))).isFalse();
	}

	@Test
	void exhaustedPoolIsBusyNotBroken() throws SQLException {
		try (HikariDataSource pool = pool("jdbc:h2:mem:busy-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
				Connection held = pool.getConnection()) {
			SQLException timeout = catchThrowableOfType(SQLException.class, pool::getConnection);

			assertThat((Throwable) timeout).isInstanceOf(SQLTransientConnectionException.class).hasNoCause();
			assertThat(ConnectionFailures.isConnectionFailure(timeout)).isFalse();
			assertThat(ConnectionFailures.isConnectionFailure(new CannotGetJdbcConnectionException("wrapped", timeout)))
				.isFalse();
		}
	}

	@Test
	void poolTimeoutWithAConnectionFailureBehindItShouldCount() {
		try (HikariDataSource pool = pool("jdbc:h2:mem:missing-" + UUID.randomUUID() + ";IFEXISTS=TRUE")) {
			SQLException timeout = catchThrowableOfType(SQLException.class, pool::getConnection);

			assertThat((Throwable) timeout).isInstanceOf(SQLTransientConnectionException.class).hasCauseInstanceOf(SQLException.class);
			assertThat(ConnectionFailures.isConnectionFailure(timeout)).isTrue();
		}
	}

	@Test
	void timeoutsShouldBeToldFromRefusals() {
		assertThat(ConnectionFailures.isTimeout(new SQLTimeoutException("no answer", "08006"))).isTrue();
		assertThat(ConnectionFailures.isTimeout(new SQLException("read timed out", "08006", new SocketTimeoutException())))
			.isTrue();
		assertThat(ConnectionFailures.isTimeout(new SQLException("refused", "08001", new ConnectException()))).isFalse();
	}

	private static HikariDataSource pool(String url) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername("sa");
		pool.setMaximumPoolSize(1);
		pool.setConnectionTimeout(250);
		pool.setInitializationFailTimeout(-1);
		return pool;
	}

}
