package io.github.replicarouting.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MySqlReplicationDialectTests {

	@Test
	void mariaDbPositionOfOneDomainShouldBeItsSequence() {
		assertThat(MySqlReplicationDialect.mariaDbSequence("0-1-42")).isEqualTo(42);
		assertThat(MySqlReplicationDialect.mariaDbSequence("")).isZero();
	}

	@Test
	void mariaDbPositionOfSeveralDomainsShouldHaveNoSinglePosition() {
		assertThat(MySqlReplicationDialect.mariaDbSequence("0-1-42,1-2-7")).isEqualTo(-1);
	}

	@Test
	void mySqlSetOfOneSourceShouldBeItsLastTransaction() {
		assertThat(MySqlReplicationDialect.mySqlSequence("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-57")).isEqualTo(57);
		assertThat(MySqlReplicationDialect.mySqlSequence("3E11FA47-71CA-11E1-9E33-C80AA9429562:1")).isEqualTo(1);
	}

	@Test
	void mySqlSetOfSeveralSourcesOrWithGapsShouldHaveNoSinglePosition() {
		assertThat(MySqlReplicationDialect.mySqlSequence("a:1-5,\nb:1-9")).isEqualTo(-1);
		assertThat(MySqlReplicationDialect.mySqlSequence("a:3-9")).isEqualTo(-1);
	}

	@Test
	void shouldSupportMySqlAndMariaDb() {
		MySqlReplicationDialect dialect = new MySqlReplicationDialect();
		assertThat(dialect.supports("MariaDB")).isTrue();
		assertThat(dialect.supports("MySQL")).isTrue();
		assertThat(dialect.supports("PostgreSQL")).isFalse();
	}

}
