package io.github.replicarouting.test.postgresql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
	void replicaTakesItsPrimaryFromItsDataDirectorySoThatAlterSystemCanRepointIt() {
		String command = NodeCommand.replica("", "*", 54322, "rr-1-replica-1");

		assertThat(command).contains("command -v postgres ")
			.doesNotContain("initdb")
			.contains("exec postgres -D /tmp/replica-routing/data -p 54322 -h '*'")
			.doesNotContain("primary_conninfo");
	}

	@Test
	void everyNodeSwapsInADataDirectoryStagedForARejoinBeforeTheServerStarts() {
		for (String command : List.of(NodeCommand.primary("", "127.0.0.1", 54321, "rr-1-primary"),
				NodeCommand.replica("", "127.0.0.1", 54322, "rr-1-replica-1"))) {
			assertThat(command).contains("if [ -d /tmp/replica-routing/data.rejoin ]; then\n"
					+ "  rm -rf /tmp/replica-routing/data && mv /tmp/replica-routing/data.rejoin /tmp/replica-routing/data"
					+ " || exit 1\nfi\nexec postgres ");
			assertThat(command.indexOf("data.rejoin")).isGreaterThan(command.indexOf("PG_VERSION"));
		}
	}

	@Test
	void isValidShell() throws IOException, InterruptedException {
		Process syntaxCheck = new ProcessBuilder("sh", "-n", "-c", NodeCommand.primary("", "*", 54321, "rr-1-primary"))
			.redirectErrorStream(true)
			.start();

		assertThat(syntaxCheck.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(new String(syntaxCheck.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
		assertThat(syntaxCheck.exitValue()).isZero();
	}

}
