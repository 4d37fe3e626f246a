package io.github.replicarouting;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsistencyScopeTests {

	@Test
	void tokenShouldRoundTrip() {
		ConsistencyScope scope = new ConsistencyScope();
		scope.recordWrite(1_700_000_000_000L, 123456);
		ConsistencyScope read = ConsistencyScope.fromToken(scope.token(), Long.MAX_VALUE);
		assertThat(read.lastWriteMillis()).isEqualTo(1_700_000_000_000L);
		assertThat(read.position()).isEqualTo(123456);
	}

	@Test
	void tokenWithoutPositionShouldRoundTrip() {
		ConsistencyScope scope = new ConsistencyScope();
		scope.recordWrite(5000, -1);
		assertThat(scope.token()).isEqualTo("1.5000.-");
		assertThat(ConsistencyScope.fromToken("1.5000.-", 10_000).position()).isEqualTo(-1);
	}

	@Test
	void writeTimeFromTheFutureShouldBeTakenAsNow() {
		assertThat(ConsistencyScope.fromToken("1.99999999999.5", 1000).lastWriteMillis()).isEqualTo(1000);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "garbage", "2.1000.5", "1.1000", "1.1000.5.6", "1.-5.5", "1.abc.5", "1.1000.x",
			"1.99999999999999999999.5", "1..5", "1.1000.0x10", "<script>", "1.1000.5 " })
	void malformedTokensShouldBeIgnored(String token) {
		assertThat(ConsistencyScope.fromToken(token, 10_000)).isNull();
	}

	@Test
	void overlongTokenShouldBeIgnored() {
		assertThat(ConsistencyScope.fromToken("1.1000." + "9".repeat(200), 10_000)).isNull();
	}

}
