package io.github.replicarouting.test.mariadb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MariaDbNodeCommandTest {

	@Test
	void replicaStartsReadOnlyUnlessToldOtherwiseAndIgnoresTheImagesOwnConfiguration() {
		String command = MariaDbNodeCommand.node("127.0.0.1", 33062, 2, true);

		assertThat(command).contains("command -v mariadb-install-db ")
			.contains("command -v mariadbd ")
			.contains("if [ ! -d /tmp/replica-routing/data/mysql ]")
			.contains("mariadb-install-db --no-defaults ")
			.contains("read_only=1\n[ -f /tmp/replica-routing/read-only ] && read_only=$(cat /tmp/replica-routing/read-only)\n")
			.contains("exec mariadbd --no-defaults ")
			.contains(" --port=33062 --bind-address='127.0.0.1' ")
			.contains(" --server-id=2 ")
			.contains(" --read-only=$read_only ")
			.contains("--log-bin=mysql-bin")
			.contains("--skip-ssl");
	}

	@Test
	void aRejoinMarkerMakesTheNextStartInstallAFreshDataDirectory() {
		String command = MariaDbNodeCommand.node("127.0.0.1", 33061, 1, false);

		assertThat(command).contains("if [ -f /tmp/replica-routing/reinit ]; then\n"
				+ "  rm -rf /tmp/replica-routing/data /tmp/replica-routing/reinit || exit 1\nfi\n"
				+ "if [ ! -d /tmp/replica-routing/data/mysql ]; then\n");
	}

	@Test
	void primaryIsWritableAndGivesRootAccessFromAnyAddressWithoutLoggingIt() {
		String command = MariaDbNodeCommand.node("*", 33061, 1, false);

		assertThat(command).contains("read_only=0\n")
			.contains(" --bind-address='*' ")
			.contains("'set sql_log_bin=0;'")
			.contains("create user if not exists 'root'@'%'")
			.contains(" --init-file=/tmp/replica-routing/init.sql ");
	}

	@Test
	void isValidShell() throws IOException, InterruptedException {
		Process syntaxCheck = new ProcessBuilder("sh", "-n", "-c", MariaDbNodeCommand.node("127.0.0.1", 33062, 2, true))
			.redirectErrorStream(true)
			.start();

		assertThat(syntaxCheck.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(new String(syntaxCheck.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
		assertThat(syntaxCheck.exitValue()).isZero();
	}

}
