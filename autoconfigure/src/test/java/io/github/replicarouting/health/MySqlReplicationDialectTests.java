package io.github.replicarouting.health;

import java.util.List;

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
	void mariaDbUserWithReadOnlyAdminOrAllPrivilegesCouldWrite() {
		assertThat(MySqlReplicationDialect.writePrivilege(List.of(
				"GRANT READ_ONLY ADMIN ON *.* TO `admin`@`%` IDENTIFIED BY PASSWORD '*EC1615A35B09B945CB959B9954BEA8AF931356B8'",
				"GRANT ALL PRIVILEGES ON `app`.* TO `admin`@`%`"), true, "11.4.5-MariaDB-log"))
			.isEqualTo("READ_ONLY ADMIN");
		assertThat(MySqlReplicationDialect.writePrivilege(
				List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"), true, "11.4.5-MariaDB"))
			.isEqualTo("ALL PRIVILEGES");
	}

	@Test
	void mariaDbSuperWritesPastReadOnlyOnlyBefore10_11_1() {
		List<String> grants = List.of("GRANT SUPER ON *.* TO `su`@`%` IDENTIFIED BY PASSWORD '*3FE3'");
		assertThat(MySqlReplicationDialect.writePrivilege(grants, true, "10.6.18-MariaDB")).isEqualTo("SUPER");
		assertThat(MySqlReplicationDialect.writePrivilege(grants, true, "10.11.0-MariaDB")).isEqualTo("SUPER");
		assertThat(MySqlReplicationDialect.writePrivilege(grants, true, "10.11.1-MariaDB")).isNull();
		assertThat(MySqlReplicationDialect.writePrivilege(grants, true, "11.4.5-MariaDB-log")).isNull();
	}

	@Test
	void mariaDbApplicationUserCouldNotWrite() {
		assertThat(MySqlReplicationDialect.writePrivilege(List.of(
				"GRANT BINLOG MONITOR, SLAVE MONITOR ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*5BCB'",
				"GRANT ALL PRIVILEGES ON `app`.* TO `app`@`%`"), true, "11.4.5-MariaDB-log"))
			.isNull();
	}

	@Test
	void mySqlUserWithSuperOrConnectionAdminCouldWrite() {
		assertThat(MySqlReplicationDialect.writePrivilege(List.of(
				"GRANT SELECT, INSERT, UPDATE, DELETE, SUPER ON *.* TO `ops`@`%`"), false, "8.0.36"))
			.isEqualTo("SUPER");
		assertThat(MySqlReplicationDialect.writePrivilege(List.of("GRANT USAGE ON *.* TO `ops`@`%`",
				"GRANT BACKUP_ADMIN,CONNECTION_ADMIN ON *.* TO `ops`@`%`"), false, "8.4.0"))
			.isEqualTo("CONNECTION_ADMIN");
		assertThat(MySqlReplicationDialect.writePrivilege(List.of("GRANT USAGE ON *.* TO `app`@`%`",
				"GRANT REPLICATION CLIENT ON *.* TO `app`@`%`", "GRANT ALL PRIVILEGES ON `app`.* TO `app`@`%`"), false,
				"8.4.0"))
			.isNull();
	}

	@Test
	void shouldSupportMySqlAndMariaDb() {
		MySqlReplicationDialect dialect = new MySqlReplicationDialect();
		assertThat(dialect.supports("MariaDB")).isTrue();
		assertThat(dialect.supports("MySQL")).isTrue();
		assertThat(dialect.supports("PostgreSQL")).isFalse();
	}

}
