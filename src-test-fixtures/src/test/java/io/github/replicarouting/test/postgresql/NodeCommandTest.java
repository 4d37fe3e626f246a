package io.github.replicarouting.test.postgresql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeCommandTest {

	@Test
	void primaryChecksItsBinariesInitializesOnceAndListensWhereTold() {
		String command = NodeCommand.primary("/opt/pg/bin", "127.0.0.1", 54321, "rr-1-primary");

		assertThat(command).contains("command -v /opt/pg/bin/initdb ")
			.contains("command -v /opt/pg/bin/postgres ")
			.contains("if [ ! -s /tmp/replica-routing/data/PG_VERSION ]")
			.contains("cp -a /tmp/replica-routing/template /tmp/replica-routing/data")
			.contains("exec /opt/pg/bin/postgres -D /tmp/replica-routing/data -p 54321 -h '127.0.0.1'")
			.doesNotContain("primary_conninfo");
	}

	@Test
	void replicaStreamsFromThePrimaryUnderItsOwnNameWithBinariesOnThePath() {
		String command = NodeCommand.replica("", "*", 54322, "rr-1-replica-1", "replica-1", "primary", 54321);

		assertThat(command).contains("command -v postgres ")
			.doesNotContain("initdb")
			.contains("exec postgres -D /tmp/replica-routing/data -p 54322 -h '*'")
			.contains("-c \"primary_conninfo=host=primary port=54321 user=postgres application_name=replica-1 "
					+ "connect_timeout=2\"");
	}

}
