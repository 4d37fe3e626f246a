package io.github.replicarouting.health;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionFailuresTests {

	@Test
	void connectionLevelFailuresShouldCount() {
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("refused", "08001"))).isTrue();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("shutdown", "57P01"))).isTrue();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("crash", "57P02"))).isTrue();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("starting", "57P03"))).isTrue();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLTransientConnectionException("pool timeout"))).isTrue();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("wrapped", new ConnectException()))).isTrue();
	}

	@Test
	void applicationErrorsShouldNotCount() {
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("syntax", "42601"))).isFalse();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("unique", "23505"))).isFalse();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("read only", "25006"))).isFalse();
		assertThat(ConnectionFailures.isConnectionFailure(new SQLException("no state"))).isFalse();
	}

}
