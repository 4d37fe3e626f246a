package io.github.replicarouting.health;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.github.replicarouting.RoutingTarget;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the primary's probe results make it {@code UP} or {@code DOWN}.
 */
class PrimaryHealthTests {

	private static final PrimaryProbeResult ANSWERED = new PrimaryProbeResult(true, 42L, "db:5432/1");

	private final AtomicInteger evictions = new AtomicInteger();

	private final PrimaryHealth health = new PrimaryHealth(
			new RoutingTarget("primary", new SimpleDriverDataSource(), "jdbc:postgresql://db:5432/app", 1), this.evictions::incrementAndGet);

	@Test
	void beforeAnyProbeShouldBeUp() {
		assertThat(this.health.state()).isEqualTo(PrimaryState.UP);
		assertThat(this.health.tryAcquirePermission()).isTrue();
	}

	@Test
	void refusedConnectionShouldMakeItDownAtOnceAndNameTheFailure() {
		this.health.probeFailed(new SQLNonTransientConnectionException("Connection refused", "08001",
				new ConnectException()));
		assertThat(this.health.state()).isEqualTo(PrimaryState.DOWN);
		assertThat(this.health.isCandidate()).isFalse();
		assertThat(this.health.tryAcquirePermission()).isFalse();
		assertThat(this.health.describe()).isEqualTo("DOWN (its probe failed: Connection refused)");
	}

	@Test
	void oneUnansweredProbeShouldNotMakeItDownButTwoInARowShould() {
		this.health.probeFailed(timeout());
		assertThat(this.health.state()).isEqualTo(PrimaryState.UP);
		this.health.probeAnswered(ANSWERED);
		this.health.probeFailed(timeout());
		assertThat(this.health.state()).isEqualTo(PrimaryState.UP);
		this.health.probeFailed(timeout());
		assertThat(this.health.state()).isEqualTo(PrimaryState.DOWN);
	}

	@Test
	void anAnswerShouldMakeItUpAgain() {
		this.health.probeFailed(new SQLNonTransientConnectionException("Connection refused", "08001"));
		this.health.probeAnswered(ANSWERED);
		assertThat(this.health.state()).isEqualTo(PrimaryState.UP);
		assertThat(this.health.describe()).isEqualTo("UP");
	}

	@Test
	void anErrorOfTheProbesQueryShouldNotMakeItDown() {
		this.health.probeFailed(new SQLException("recovery is in progress", "55000"));
		assertThat(this.health.state()).isEqualTo(PrimaryState.UP);
	}

	@Test
	void aNodeInRecoveryShouldBeReadOnlyRefuseWritesAndStillServeReads() {
		this.health.probeAnswered(ANSWERED);
		this.health.probeAnswered(new PrimaryProbeResult(false, null, "db:5432/1"));
		assertThat(this.health.state()).isEqualTo(PrimaryState.READ_ONLY);
		assertThat(this.health.acceptsWrites()).isFalse();
		assertThat(this.health.isCandidate()).as("reads that fall back to it").isTrue();
		assertThat(this.health.describe()).startsWith("READ_ONLY");
	}

	@Test
	void aRoleChangeShouldEvictPooledConnectionsOnceEachWay() {
		this.health.probeAnswered(ANSWERED);
		this.health.probeAnswered(ANSWERED);
		assertThat(this.evictions).hasValue(0);
		this.health.probeAnswered(new PrimaryProbeResult(false, null, "db:5432/1"));
		this.health.probeAnswered(new PrimaryProbeResult(false, null, "db:5432/1"));
		assertThat(this.evictions).hasValue(1);
		this.health.probeAnswered(ANSWERED);
		assertThat(this.evictions).hasValue(2);
		assertThat(this.health.acceptsWrites()).isTrue();
	}

	@Test
	void anotherServerAtTheSameUrlShouldEvictPooledConnections() {
		this.health.probeAnswered(ANSWERED);
		this.health.probeAnswered(new PrimaryProbeResult(true, 43L, "db2:5432/1"));
		assertThat(this.evictions).hasValue(1);
		assertThat(this.health.identity()).isEqualTo("db2:5432/1");
	}

	@Test
	void aReadOnlyNodeThatStopsAnsweringShouldBeDown() {
		this.health.probeAnswered(new PrimaryProbeResult(false, null, null));
		this.health.probeFailed(new SQLNonTransientConnectionException("Connection refused", "08001"));
		assertThat(this.health.state()).isEqualTo(PrimaryState.DOWN);
	}

	@Test
	void anErrorOfTheProbesQueryShouldKeepTheRoleLastSeen() {
		this.health.probeAnswered(new PrimaryProbeResult(false, null, null));
		this.health.probeFailed(new SQLException("permission denied", "42501"));
		assertThat(this.health.state()).isEqualTo(PrimaryState.READ_ONLY);
	}

	private static SQLTimeoutException timeout() {
		return new SQLTimeoutException("The probe did not answer within probe-timeout", "08006");
	}

}
